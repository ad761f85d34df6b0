package io.gatehouse.app;

import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyAndFreshnessTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());

    @Test
    void aRetryWithTheSameKeyAndBodyGetsTheFirstAnswerAndHasNoSecondEffect() {
        String accountId = createAccount(owner);
        String ada = directoryUser(owner, accountId, "Ada Lovelace");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("directoryObjectIds", List.of(ada), "access", roles("DEVELOPER"));

        Api.Answer first = api.as(owner).header("Idempotency-Key", key).post("/api/v1/accounts/" + accountId + "/users", body);
        Api.Answer retry = api.as(owner).header("Idempotency-Key", key).post("/api/v1/accounts/" + accountId + "/users", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.text()).isEqualTo(first.text());
        assertThat(retry.header("Gatehouse-Position")).isEqualTo(first.header("Gatehouse-Position"));
        lastPosition = first.position();
        assertThat(usersList(owner, accountId, "").get("total").asLong()).isEqualTo(1);
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    /** Adding Ada to a new account, sent with a key whose claim a process left when it died (kill -9). */
    private record InFlightAdd(String accountId, String key, String path, String body) {
    }

    private InFlightAdd addClaimedByADeadProcess(String leaseLeft) {
        String accountId = createAccount(owner);
        String ada = directoryUser(owner, accountId, "Ada Lovelace");
        InFlightAdd add = new InFlightAdd(accountId, UUID.randomUUID().toString(),
                "/api/v1/accounts/" + accountId + "/users",
                "{\"directoryObjectIds\":[\"" + ada + "\"],\"access\":{\"roles\":[\"DEVELOPER\"]}}");
        // the claim as the dead process left it: never completed
        jdbc.update("INSERT INTO idempotent_request (caller_oid, idempotency_key, request_hash, created_at, "
                        + "lease_expires_at, claim_id) VALUES (?, ?, ?, now() - interval '40 seconds', "
                        + "now() + ?::interval, gen_random_uuid())", owner.oid(), add.key(),
                io.gatehouse.platform.web.IdempotencyFilter.requestHash(add.path(),
                        add.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)), leaseLeft);
        return add;
    }

    @Test
    void aKeyWhoseRequestDiedWithItsProcessIsFreeAgainOnceItsLeaseHasPassed() {
        InFlightAdd add = addClaimedByADeadProcess("-10 seconds");

        Api.Answer retry = api.as(owner).header("Idempotency-Key", add.key()).post(add.path(), add.body());
        Api.Answer again = api.as(owner).header("Idempotency-Key", add.key()).post(add.path(), add.body());

        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.text()).isEqualTo(retry.text());
        lastPosition = retry.position();
        assertThat(usersList(owner, add.accountId(), "").get("total").asLong()).isEqualTo(1);
    }

    @Test
    void aKeyWhoseRequestIsStillWithinItsLeaseIsBusyAndSaysWhenToRetry() {
        InFlightAdd add = addClaimedByADeadProcess("20 seconds");

        Api.Answer retry = api.as(owner).header("Idempotency-Key", add.key()).post(add.path(), add.body());

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.contentType()).isEqualTo("application/problem+json");
        assertThat(Integer.parseInt(retry.header("Retry-After"))).isBetween(15, 20);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();

        Api.Answer first = api.as(owner).header("Idempotency-Key", key).post("/api/v1/accounts", Map.of("displayName", "One"));
        Api.Answer other = api.as(owner).header("Idempotency-Key", key).post("/api/v1/accounts", Map.of("displayName", "Two"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
    }

    @Test
    void keysBelongToTheirCaller() {
        String key = UUID.randomUUID().toString();
        Person someoneElse = TestTokens.person("Sam Else", TestTokens.newTenant());

        Api.Answer mine = api.as(owner).header("Idempotency-Key", key).post("/api/v1/accounts", Map.of("displayName", "A"));
        Api.Answer theirs = api.as(someoneElse).header("Idempotency-Key", key).post("/api/v1/accounts", Map.of("displayName", "A"));

        assertThat(mine.status()).isEqualTo(201);
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.json().get("accountId").asText()).isNotEqualTo(mine.json().get("accountId").asText());
    }

    @Test
    void aQueryWithAMinimumPositionSeesTheWriteThatGaveIt() {
        String accountId = createAccount(owner);
        for (int i = 0; i < 5; i++) {
            add(owner, accountId, "users", roles("DEVELOPER"), directoryUser(owner, accountId, "User " + i));
            Api.Answer list = api.as(owner).header("Gatehouse-Min-Position", lastPosition)
                    .get("/api/v1/accounts/" + accountId + "/members");
            assertThat(list.json().get("total").asLong()).isEqualTo(i + 1);
        }
    }

    @Test
    void aPositionTheProjectionDoesNotReachIn5sIs503WithRetryAfter() {
        String accountId = createAccount(owner);

        Api.Answer behind = api.as(owner).header("Gatehouse-Min-Position", Long.MAX_VALUE / 2)
                .get("/api/v1/accounts/" + accountId + "/members");
        Api.Answer malformed = api.as(owner).header("Gatehouse-Min-Position", "soon")
                .get("/api/v1/accounts/" + accountId + "/members");

        assertThat(behind.status()).isEqualTo(503);
        assertThat(behind.header("Retry-After")).isEqualTo("1");
        assertThat(malformed.status()).isEqualTo(400);
    }
}
