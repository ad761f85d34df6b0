package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A poison event (an account name with a NUL, which PostgreSQL refuses in text and jsonb) stored past the
 * HTTP door: the projections park it with its account's later events and go on with every other account.
 */
class PoisonEventTest extends GatehouseIntegrationTest {

    private static final String POISON_NAME = "Fuzz\\u0000Name";

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());
    private final Person operator = TestTokens.person("Oscar Operator", TestTokens.newTenant()).operator();

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aPoisonEventWaitsWithItsAccountWhileEveryOtherAccountGoesOn() throws Exception {
        Template template = template();
        String poisoned = UUID.randomUUID().toString();
        long created = copy(template, 0, poisoned, POISON_NAME);
        long associated = copy(template, 1, poisoned, null);

        // (a) other accounts' writes are read with Gatehouse-Min-Position
        String healthy = createAccount(owner);
        Api.Answer read = api.as(owner).header("Gatehouse-Min-Position", lastPosition).get("/api/v1/accounts/" + healthy);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        Api.Answer history = api.as(owner).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + healthy + "/history");
        assertThat(history.status()).as(history.toString()).isEqualTo(200);
        assertThat(accountViews(poisoned)).isZero();

        // (b) listed for operators, without the payload; (c) the account's later event waits behind it
        JsonNode sequence = sequence("users-list", poisoned);
        assertThat(sequence.get("size").asLong()).isEqualTo(2);
        JsonNode head = sequence.get("letters").get(0);
        assertThat(head.get("eventType").asText()).isEqualTo("AccountCreated");
        assertThat(head.get("globalPosition").asLong()).isEqualTo(created);
        assertThat(head.get("causeMessage").asText()).contains("SQL state 22021").doesNotContain("Fuzz");
        assertThat(head.get("causeType").asText()).isNotBlank();
        assertThat(head.get("retries").asInt()).isZero();
        assertThat(head.get("enqueuedAt").asText()).isNotBlank();
        JsonNode waiting = sequence.get("letters").get(1);
        assertThat(waiting.get("eventType").asText()).isEqualTo("TenantAssociated");
        assertThat(waiting.get("globalPosition").asLong()).isEqualTo(associated);
        assertThat(sequence("audit-history", poisoned).get("size").asLong()).isEqualTo(2);
        String listing = api.as(operator).get("/api/v1/admin/dead-letters/users-list").text();
        assertThat(listing).doesNotContain("Fuzz").doesNotContain(template.tenant());

        // visible in health, metrics and the projections' status
        JsonNode health = api.as(operator).get("/actuator/health").json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        JsonNode processors = health.get("components").get("eventProcessors").get("details");
        assertThat(processors.get("users-list").get("deadLetters").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(gauge("users-list")).isGreaterThanOrEqualTo(2);
        JsonNode projections = api.as(operator).get("/api/v1/admin/projections").json();
        for (JsonNode projection : projections) {
            if (projection.get("name").asText().equals("audit-history")) {
                assertThat(projection.get("deadLetters").asLong()).isGreaterThanOrEqualTo(2);
            }
        }

        // a retry before the fix fails again and counts it
        Api.Answer failed = api.as(operator).post("/api/v1/admin/dead-letters/users-list/sequences/" + poisoned + "/retry", "");
        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
        assertThat(sequence("users-list", poisoned).get("letters").get(0).get("retries").asInt()).isEqualTo(1);
        assertThat(accountViews(poisoned)).isZero();

        // (d) once fixed, a retry handles the sequence in order
        fix(poisoned);
        Api.Answer retried = api.as(operator).post("/api/v1/admin/dead-letters/users-list/sequences/" + poisoned + "/retry", "");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().get("sequencesProcessed").asInt()).isEqualTo(1);
        assertThat(accountViews(poisoned)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + liveSchema("users-list") + ".account_tenant_view "
                + "WHERE account_id = ?", Long.class, poisoned)).isEqualTo(2);
        assertThat(letters("users-list", poisoned)).isZero();

        // (d) skipping drops the letters unhandled; the account's next event goes through
        Api.Answer skipped = api.as(operator).delete("/api/v1/admin/dead-letters/audit-history/sequences/" + poisoned);
        assertThat(skipped.status()).as(skipped.toString()).isEqualTo(204);
        long next = copy(template, 1, poisoned, null, 2);
        eventually(() -> historyEntries(next) == 1);
        assertThat(historyEntries(created)).isZero();
    }

    @Test
    void operatorsAloneSeeDeadLettersAndUnknownOnesAreNotFound() {
        assertThat(api.as(owner).get("/api/v1/admin/dead-letters").status()).isEqualTo(403);
        assertThat(api.as(owner).post("/api/v1/admin/dead-letters/users-list/retry", "").status()).isEqualTo(403);
        Api.Answer groups = api.as(operator).get("/api/v1/admin/dead-letters");
        assertThat(groups.status()).isEqualTo(200);
        assertThat(groups.json().has("users-list")).isTrue();
        assertThat(groups.json().has("audit-history")).isTrue();
        assertThat(groups.json().has("activity")).isTrue();
        assertThat(groups.json().has("DirectorySyncSagaProcessor")).isTrue();
        JsonNode processors = api.as(operator).get("/actuator/health").json().get("components").get("eventProcessors")
                .get("details");
        assertThat(processors.get("DirectorySyncSagaProcessor").has("deadLetters")).isTrue();
        assertThat(api.anonymous().get("/actuator/health").json().has("components")).isTrue();
        assertThat(api.anonymous().get("/actuator/health").text()).doesNotContain("deadLetters");
        Api.Answer unknown = api.as(operator).get("/api/v1/admin/dead-letters/no-such-group");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        Api.Answer noSequence = api.as(operator).delete("/api/v1/admin/dead-letters/users-list/sequences/" + UUID.randomUUID());
        assertThat(noSequence.status()).isEqualTo(404);
        assertThat(noSequence.contentType()).startsWith("application/problem+json");
        assertThat(api.as(operator).post("/api/v1/admin/dead-letters/users-list/sequences/" + UUID.randomUUID() + "/retry", "")
                .status()).isEqualTo(404);
        assertThat(api.as(operator).post("/api/v1/admin/dead-letters/users-list/retry", "").status()).isEqualTo(200);
    }

    @Test
    void aRebuildGoesPastAPoisonEventAndItsLettersReplaceTheLiveOnes() throws Exception {
        Template template = template();
        String poisoned = UUID.randomUUID().toString();
        copy(template, 0, poisoned, POISON_NAME);
        eventually(() -> letters("users-list", poisoned) == 1);
        String liveBefore = liveSchema("users-list");

        Api.Answer started = api.as(operator).post("/api/v1/admin/projections/users-list/rebuild", "");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        eventually(() -> {
            String live = liveSchema("users-list");
            return !live.isEmpty() && !live.equals(liveBefore);
        });

        assertThat(letters("users-list", poisoned)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter_entry WHERE processing_group = 'users-list-rebuild'",
                Long.class)).isZero();
        // the rebuilt copy serves every other account
        String healthy = createAccount(owner);
        assertThat(api.as(owner).header("Gatehouse-Min-Position", lastPosition).get("/api/v1/accounts/" + healthy)
                .status()).isEqualTo(200);

        // later rebuilds (other tests) replay the fixed event
        fix(poisoned);
        assertThat(api.as(operator).post("/api/v1/admin/dead-letters/users-list/retry", "").status()).isEqualTo(200);
        assertThat(api.as(operator).post("/api/v1/admin/dead-letters/audit-history/retry", "").status()).isEqualTo(200);
        assertThat(letters("users-list", poisoned) + letters("audit-history", poisoned)).isZero();
    }

    /** An account made over HTTP with a second tenant: its two events are copied under other ids. */
    private record Template(String accountId, String tenant) {
    }

    private Template template() {
        String accountId = createAccount(owner);
        String secondTenant = TestTokens.newTenant();
        Api.Answer associated = api.as(owner.signedInTo(secondTenant))
                .post("/api/v1/accounts/" + accountId + "/tenants", Map.of("tenantId", secondTenant));
        assertThat(associated.status()).as(associated.toString()).isEqualTo(201);
        return new Template(accountId, secondTenant);
    }

    private long copy(Template template, int sequenceNumber, String accountId, String displayName) {
        return copy(template, sequenceNumber, accountId, displayName, sequenceNumber);
    }

    /** Stores a copy of one of the template's events for another account, as a bug or a bad input would. */
    private long copy(Template template, int sequenceNumber, String accountId, String displayName, int as) {
        String payload = "replace(convert_from(payload, 'UTF8'), ?, ?)";
        if (displayName != null) {
            payload = "replace(" + payload + ", '\"Contoso Games\"', '\"" + displayName + "\"')";
        }
        jdbc.update("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, "
                        + "timestamp, payload_type, payload_revision, payload, meta_data) SELECT ?, ?, ?, type, timestamp, "
                        + "payload_type, payload_revision, convert_to(" + payload + ", 'UTF8'), meta_data "
                        + "FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?",
                UUID.randomUUID().toString(), accountId, as, template.accountId(), accountId, template.accountId(),
                sequenceNumber);
        return jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND sequence_number = ?", Long.class, accountId, as);
    }

    /** The fix: the name as it should have been, in the event store and in the parked letters. */
    private void fix(String accountId) {
        String fixed = "convert_to(replace(convert_from(payload, 'UTF8'), '\\u0000', ' '), 'UTF8')";
        jdbc.update("UPDATE domain_event_entry SET payload = " + fixed + " WHERE aggregate_identifier = ?", accountId);
        jdbc.update("UPDATE dead_letter_entry SET payload = " + fixed + " WHERE sequence_identifier = ?", accountId);
    }

    private JsonNode sequence(String group, String sequenceId) {
        Api.Answer listing = api.as(operator).get("/api/v1/admin/dead-letters/" + group);
        assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
        for (JsonNode sequence : listing.json().get("first")) {
            if (sequence.get("sequenceId").asText().equals(sequenceId)) {
                return sequence;
            }
        }
        throw new AssertionError("no sequence " + sequenceId + " in " + listing);
    }

    private double gauge(String group) {
        Api.Answer metric = api.as(operator).get("/actuator/metrics/gatehouse.dead_letters?tag=processing_group:" + group);
        assertThat(metric.status()).as(metric.toString()).isEqualTo(200);
        return metric.json().get("measurements").get(0).get("value").asDouble();
    }

    private long letters(String group, String sequenceId) {
        return jdbc.queryForObject("SELECT count(*) FROM dead_letter_entry WHERE processing_group = ? "
                + "AND sequence_identifier = ?", Long.class, group, sequenceId);
    }

    private long accountViews(String accountId) {
        return jdbc.queryForObject("SELECT count(*) FROM " + liveSchema("users-list") + ".account_view WHERE account_id = ?",
                Long.class, accountId);
    }

    private long historyEntries(long position) {
        return jdbc.queryForObject("SELECT count(*) FROM " + liveSchema("audit-history") + ".history_entry WHERE position = ?",
                Long.class, position);
    }

    /** The schema readers use for the projection; empty while it is being rebuilt. */
    private String liveSchema(String name) {
        for (JsonNode projection : api.as(operator).get("/api/v1/admin/projections").json()) {
            if (projection.get("name").asText().equals(name) && !projection.get("replaying").asBoolean()) {
                return projection.get("liveSchema").asText();
            }
        }
        return "";
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition met in time").isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
