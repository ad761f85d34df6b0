package io.gatehouse.app;

import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators see how long after its command each event reached a projection, apart from any reader's latency. */
class ProjectionDelayTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());
    private final Person operator = TestTokens.person("Oscar Operator", TestTokens.newTenant()).operator();

    @Test
    void anAddedMemberIsTimedFromItsCommandToTheCommitsThatShowIt() throws InterruptedException {
        String accountId = createAccount(owner);
        String ada = directoryUser(owner, accountId, "Ada Lovelace");
        double usersListBefore = delay("users-list", "count");
        double historyBefore = delay("audit-history", "count");
        double usersListTimeBefore = delay("users-list", "sum");

        Api.Answer added = api.as(owner).post("/api/v1/accounts/" + accountId + "/users",
                Map.of("directoryObjectIds", List.of(ada), "access", roles("DEVELOPER")));
        assertThat(added.status()).isEqualTo(201);

        // the timer is recorded just after the batch's commit, so a reader may see the member a moment before it
        Instant deadline = Instant.now().plusSeconds(10);
        while ((delay("users-list", "count") <= usersListBefore || delay("audit-history", "count") <= historyBefore)
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(delay("users-list", "count")).isGreaterThan(usersListBefore);
        assertThat(delay("audit-history", "count")).isGreaterThan(historyBefore);
        // no bound on the figure itself: the timer holds every earlier test's events too, however late they came
        assertThat(delay("users-list", "sum")).isGreaterThan(usersListTimeBefore);
    }

    /** One figure of the projection's timer, as Prometheus scrapes it (seconds). */
    private double delay(String projection, String statistic) {
        Api.Answer metrics = api.as(operator).get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        Matcher figure = Pattern.compile("(?m)^gatehouse_projection_delay_seconds_" + statistic
                + "\\{[^}]*projection=\"" + projection + "\"[^}]*} (\\S+)$").matcher(metrics.text());
        return figure.find() ? Double.parseDouble(figure.group(1)) : 0;
    }
}
