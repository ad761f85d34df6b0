package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators rebuild a projection from the event store while the service keeps answering. */
class ProjectionRebuildTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());
    private final Person operator = TestTokens.person("Oscar Operator", TestTokens.newTenant()).operator();

    @Test
    void operatorsSeeEachProjectionsPositionAgainstTheHead() {
        createAccount(owner);

        Api.Answer status = api.as(operator).get("/api/v1/admin/projections");

        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().findValuesAsText("name")).containsExactlyInAnyOrder("users-list", "audit-history", "activity");
        JsonNode usersList = status.json().get(0);
        assertThat(usersList.has("position")).isTrue();
        assertThat(usersList.get("headPosition").asLong()).isGreaterThanOrEqualTo(lastPosition);
        assertThat(usersList.get("lag").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(usersList.has("replaying")).isTrue();
        assertThat(usersList.has("progress")).isTrue();
        assertThat(api.as(owner).get("/api/v1/admin/projections").status()).isEqualTo(403);
        assertThat(api.as(owner).post("/api/v1/admin/projections/users-list/rebuild", "").status()).isEqualTo(403);
        assertThat(api.as(operator).post("/api/v1/admin/projections/no-such-thing/rebuild", "").status()).isEqualTo(404);
    }

    @Test
    void readersNeverSeeAnIncompleteListDuringARebuildAndTheListIsTheSameAfterwards() throws Exception {
        String accountId = createAccount(owner);
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 40; i++) objects.add(directoryUser(owner, accountId, "User " + i));
        add(owner, accountId, "users", roles("DEVELOPER"), objects.subList(0, 20).toArray(String[]::new));
        add(owner, accountId, "users", roles("MARKETER"), objects.subList(20, 40).toArray(String[]::new));
        JsonNode before = usersList(owner, accountId, "?size=500");
        assertThat(before.get("total").asLong()).isEqualTo(40);
        String liveBefore = liveSchema("users-list");

        AtomicBoolean rebuilding = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<String> incomplete = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (rebuilding.get()) {
                Api.Answer list = api.as(owner).get("/api/v1/accounts/" + accountId + "/members?size=500");
                reads.incrementAndGet();
                if (list.status() != 200 || !list.json().equals(before)) {
                    synchronized (incomplete) {
                        incomplete.add(list.toString());
                    }
                }
            }
        });
        reader.start();

        Api.Answer started = api.as(operator).post("/api/v1/admin/projections/users-list/rebuild", "");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(api.as(operator).post("/api/v1/admin/projections/users-list/rebuild", "").status()).isIn(202, 409);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!liveSchema("users-list").equals(liveBefore) || replaying("users-list")) {
            if (!liveSchema("users-list").equals(liveBefore) && !replaying("users-list")) break;
            assertThat(Instant.now()).as("rebuild finished in time").isBefore(deadline);
            Thread.sleep(50);
        }
        rebuilding.set(false);
        reader.join();

        assertThat(liveSchema("users-list")).isNotEqualTo(liveBefore);
        assertThat(reads.get()).isPositive();
        assertThat(incomplete).isEmpty();
        assertThat(usersList(owner, accountId, "?size=500")).isEqualTo(before);
        // the rebuilt projection goes on with new writes
        String memberId = before.get("items").get(0).get("memberId").asText();
        lastPosition = api.as(owner).put("/api/v1/accounts/" + accountId + "/members/" + memberId + "/access",
                roles("FINANCE_CONTRIBUTOR")).position();
        assertThat(usersList(owner, accountId, "?size=500").get("items").get(0).get("access").get("roles").get(0).asText())
                .isEqualTo("FINANCE_CONTRIBUTOR");
    }

    private String liveSchema(String projection) {
        for (JsonNode status : api.as(operator).get("/api/v1/admin/projections").json()) {
            if (status.get("name").asText().equals(projection)) return status.get("liveSchema").asText();
        }
        throw new AssertionError("no projection " + projection);
    }

    private boolean replaying(String projection) {
        for (JsonNode status : api.as(operator).get("/api/v1/admin/projections").json()) {
            if (status.get("name").asText().equals(projection)) return status.get("replaying").asBoolean();
        }
        throw new AssertionError("no projection " + projection);
    }
}
