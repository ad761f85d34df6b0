package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import io.gatehouse.query.activity.ActivityRetention;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());
    private String accountId;
    private Person ada;
    private String adaMemberId;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ActivityRetention retention;

    @BeforeEach
    void account() {
        accountId = createAccount(owner);
        ada = TestTokens.person("Ada Lovelace", owner.tenantId());
        adaMemberId = add(owner, accountId, "users", roles("DEVELOPER"), directoryUserWithId(owner, accountId, ada)).get(0);
    }

    private static Map<String, Object> visit(String url, Instant at) {
        return Map.of("url", url, "visitedAt", at.toString());
    }

    @Test
    void theOwnerSeesAMembersVisitsNewestFirstAndTheUsersListShowsTheLastActivity() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Api.Answer reported = api.as(ada).post("/api/v1/accounts/" + accountId + "/activity", List.of(
                visit("https://partner.microsoft.com/dashboard/home", now.minus(Duration.ofHours(2))),
                visit("https://partner.microsoft.com/dashboard/products", now.minus(Duration.ofMinutes(5))),
                visit("https://partner.microsoft.com/dashboard/payouts", now.minus(Duration.ofDays(3)))));

        assertThat(reported.status()).as(reported.toString()).isEqualTo(202);
        Api.Answer activity = api.as(owner).header("Gatehouse-Min-Position", reported.position())
                .get("/api/v1/accounts/" + accountId + "/members/" + adaMemberId + "/activity");
        assertThat(activity.status()).as(activity.toString()).isEqualTo(200);
        assertThat(activity.json().get("items").findValuesAsText("url")).containsExactly(
                "https://partner.microsoft.com/dashboard/products",
                "https://partner.microsoft.com/dashboard/home",
                "https://partner.microsoft.com/dashboard/payouts");
        assertThat(activity.json().get("total").asLong()).isEqualTo(3);

        Api.Answer window = api.as(owner).get("/api/v1/accounts/" + accountId + "/members/" + adaMemberId
                + "/activity?from=" + now.minus(Duration.ofDays(1)) + "&to=" + now.minus(Duration.ofHours(1)));
        assertThat(window.json().get("items").findValuesAsText("url"))
                .containsExactly("https://partner.microsoft.com/dashboard/home");

        JsonNode list = usersList(owner, accountId, "?type=user");
        assertThat(Instant.parse(list.get("items").get(0).get("lastActivity").asText()))
                .isEqualTo(now.minus(Duration.ofMinutes(5)));
    }

    @Test
    void onlyTheOwnerSeesActivity() {
        Person manager = member(owner, accountId, "Maria Manager", "MANAGER");

        Api.Answer refused = api.as(manager).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + accountId + "/members/" + adaMemberId + "/activity");

        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void badVisitsAreNamedAndNothingIsStored() {
        Instant now = Instant.now();
        List<Object> visits = new ArrayList<>();
        visits.add(visit("https://partner.microsoft.com/ok", now));
        visits.add(visit("/relative/page", now));
        visits.add(visit("ftp://partner.microsoft.com/file", now));
        visits.add(visit("https://partner.microsoft.com/" + "x".repeat(2_048), now));
        visits.add(visit("https://partner.microsoft.com/future", now.plus(Duration.ofMinutes(10))));
        visits.add(visit("https://partner.microsoft.com/old", now.minus(Duration.ofDays(31))));
        visits.add(Map.of("url", "https://partner.microsoft.com/when", "visitedAt", "yesterday"));

        Api.Answer refused = api.as(ada).post("/api/v1/accounts/" + accountId + "/activity", visits);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsText("field")).containsExactly(
                "[1].url", "[2].url", "[3].url", "[4].visitedAt", "[5].visitedAt", "[6].visitedAt");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM page_visit WHERE account_id = ?", Long.class, accountId))
                .isZero();

        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) tooMany.add(visit("https://partner.microsoft.com/" + i, now));
        assertThat(api.as(ada).post("/api/v1/accounts/" + accountId + "/activity", tooMany).status()).isEqualTo(400);
        assertThat(api.as(ada).post("/api/v1/accounts/" + accountId + "/activity", List.of()).status()).isEqualTo(400);
    }

    @Test
    void aVisit31DaysOldIsGone() {
        Instant now = Instant.now();
        Api.Answer reported = api.as(ada).post("/api/v1/accounts/" + accountId + "/activity", List.of(
                visit("https://partner.microsoft.com/recent", now.minus(Duration.ofDays(1))),
                visit("https://partner.microsoft.com/aging", now.minus(Duration.ofDays(29).plusHours(23)))));
        assertThat(reported.status()).isEqualTo(202);
        api.as(owner).header("Gatehouse-Min-Position", reported.position())
                .get("/api/v1/accounts/" + accountId + "/members/" + adaMemberId + "/activity");

        // two days later, the aging visit is 31 days old: purge as the schedule would then
        long purged = retention.purgeOlderThan(now.plus(Duration.ofDays(2)).minus(Duration.ofDays(30)));

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForList("SELECT url FROM page_visit WHERE account_id = ?", String.class, accountId))
                .containsExactly("https://partner.microsoft.com/recent");
    }
}
