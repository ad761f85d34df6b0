package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events stored years ago in an older shape stay in the store as they were and are read as today's events by
 * everyone: the member's own stream, the Users list, the audit history and {@code asOf}.
 */
class EventsThatLastTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());

    @Autowired
    JdbcTemplate jdbc;

    /** Stores an event the way an earlier Gatehouse did, with plain SQL; answers its position. */
    private long storeAsBefore(String memberId, long sequence, String type, String payload) {
        return jdbc.queryForObject("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, "
                        + "sequence_number, type, timestamp, payload_type, payload_revision, payload, meta_data) "
                        + "VALUES (?, ?, ?, 'Membership', ?, ?, '1', ?, ?) RETURNING global_index", Long.class,
                UUID.randomUUID().toString(), memberId, sequence, Instant.now().toString(), type,
                payload.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }

    private String accessChanged(String accountId, String memberId, String access, String previous) {
        return "{\"accountId\":\"" + accountId + "\",\"memberId\":\"" + memberId + "\",\"access\":" + access
                + ",\"previousAccess\":" + previous + ",\"actor\":{\"oid\":\"" + owner.oid()
                + "\",\"name\":\"Olivia Owner\"}}";
    }

    @Test
    void accessChangedEventsOfRevisionOneAreReadAsRoleChangedAndCustomPermissionsChanged() {
        String accountId = createAccount(owner);
        String ada = add(owner, accountId, "users", roles("DEVELOPER"),
                directoryUser(owner, accountId, "Ada Lovelace")).get(0);
        String grace = add(owner, accountId, "users", roles("DEVELOPER"),
                directoryUser(owner, accountId, "Grace Hopper")).get(0);
        long first = storeAsBefore(ada, 1, "AccessChanged",
                accessChanged(accountId, ada, "{\"roles\":[\"MARKETER\"]}", "{\"roles\":[\"DEVELOPER\"]}"));
        lastPosition = storeAsBefore(grace, 1, "AccessChanged", accessChanged(accountId, grace,
                "{\"permissions\":{\"account\":{\"payout-account\":\"READ\"},\"products\":{}}}",
                "{\"roles\":[\"DEVELOPER\"]}"));

        // the Users list projection reads them as today's events
        JsonNode list = usersList(owner, accountId, "");
        Map<String, JsonNode> byId = Map.of(list.get("items").get(0).get("memberId").asText(), list.get("items").get(0),
                list.get("items").get(1).get("memberId").asText(), list.get("items").get(1));
        assertThat(byId.get(ada).get("access").get("roles").toString()).isEqualTo("[\"MARKETER\"]");
        assertThat(byId.get(grace).get("access").get("permissions").get("account").get("payout-account").asText())
                .isEqualTo("READ");

        // so does the audit history, under the design's names
        JsonNode history = api.as(owner).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + accountId + "/history").json().get("items");
        assertThat(history.findValuesAsText("type")).endsWith("RoleChanged", "CustomPermissionsChanged");
        JsonNode roleChanged = history.get(history.size() - 2);
        assertThat(roleChanged.get("position").asLong()).isEqualTo(first);
        assertThat(roleChanged.get("details").get("roles").toString()).isEqualTo("[\"MARKETER\"]");
        assertThat(roleChanged.get("details").get("previousAccess").get("roles").toString()).isEqualTo("[\"DEVELOPER\"]");

        // and asOf, which folds the event store itself
        JsonNode asOf = api.as(owner).get("/api/v1/accounts/" + accountId + "/members?asOf="
                + Instant.now().plusSeconds(1)).json();
        assertThat(asOf.get("items").findValues("access").toString()).contains("MARKETER", "payout-account");

        // and Ada's own stream: her version is 1 now, and the next change names MARKETER as her previous access
        Api.Answer changed = api.as(owner).header("If-Match", "\"1\"")
                .put("/api/v1/accounts/" + accountId + "/members/" + ada + "/access", roles("FINANCE_CONTRIBUTOR"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"2\"");
        String stored = jdbc.queryForObject("SELECT payload_type || ' ' || convert_from(payload, 'UTF8') "
                + "FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 2", String.class, ada);
        assertThat(stored).startsWith("RoleChanged ").contains("\"roles\":[\"FINANCE_CONTRIBUTOR\"]")
                .contains("\"previousAccess\":{\"roles\":[\"MARKETER\"]}");
        // the old events themselves are untouched
        assertThat(jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier IN (?, ?) "
                + "AND sequence_number = 1", String.class, ada, grace)).containsOnly("AccessChanged");
    }
}
