package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.account.AccountEvent;
import io.gatehouse.account.TenantRemoved;
import io.gatehouse.membership.AccessReplaced;
import io.gatehouse.membership.MemberAdded;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.MembershipEvent;
import io.gatehouse.messaging.Vocabulary;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Auditors trust the history and asOf because they agree with a replay of the event store itself. */
class AuditHistoryTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());

    @Autowired
    EventStore eventStore;

    /** A history with adds, access changes, edits, removals and re-adds; answers the instant after each step. */
    private List<Instant> history(String accountId) throws InterruptedException {
        List<Instant> instants = new ArrayList<>();
        String ada = directoryUser(owner, accountId, "Ada Lovelace");
        String grace = directoryUser(owner, accountId, "Grace Hopper");
        String group = directoryObject(owner, accountId, "groups", "Store Publishers");
        List<String> members = add(owner, accountId, "users", roles("DEVELOPER"), ada, grace);
        instants.add(pause());
        String groupMember = add(owner, accountId, "groups", roles("MARKETER"), group).get(0);
        instants.add(pause());
        api.as(owner).put("/api/v1/accounts/" + accountId + "/members/" + members.get(0) + "/access",
                roles("MANAGER", "DEVELOPER"));
        instants.add(pause());
        api.as(owner).put("/api/v1/accounts/" + accountId + "/members/" + groupMember + "/access",
                Map.of("permissions", Map.of("account", Map.of("payout-account", "READ"))));
        instants.add(pause());
        api.as(owner).delete("/api/v1/accounts/" + accountId + "/members/" + members.get(1));
        instants.add(pause());
        add(owner, accountId, "users", roles("FINANCE_CONTRIBUTOR"), grace);
        instants.add(pause());
        return instants;
    }

    private static Instant pause() throws InterruptedException {
        Thread.sleep(15);
        Instant instant = Instant.now();
        Thread.sleep(15);
        return instant;
    }

    @Test
    void theHistoryListsTheAccountsEventsInOrderAsTheEventStoreHasThem() throws Exception {
        String accountId = createAccount(owner);
        history(accountId);
        long head = jdbcHead();

        Api.Answer page = api.as(owner).header("Gatehouse-Min-Position", head)
                .get("/api/v1/accounts/" + accountId + "/history?size=500");

        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        List<TrackedEventMessage<?>> replay = replay(accountId);
        JsonNode items = page.json().get("items");
        assertThat(page.json().get("total").asLong()).isEqualTo(replay.size());
        for (int i = 0; i < replay.size(); i++) {
            TrackedEventMessage<?> event = replay.get(i);
            JsonNode item = items.get(i);
            assertThat(item.get("position").asLong()).isEqualTo(event.trackingToken().position().orElseThrow());
            assertThat(item.get("type").asText()).isEqualTo(Vocabulary.nameOf(event.getPayloadType()).orElseThrow());
            assertThat(Instant.parse(item.get("timestamp").asText()).toEpochMilli())
                    .isEqualTo(event.getTimestamp().toEpochMilli());
            assertThat(item.get("actor").get("oid").asText()).isEqualTo(owner.oid());
            assertThat(item.get("actor").get("name").asText()).isEqualTo("Olivia Owner");
            if (event.getPayload() instanceof MembershipEvent membership) {
                assertThat(item.get("memberId").asText()).isEqualTo(membership.memberId());
            }
        }
        assertThat(items.findValuesAsText("type")).containsExactly("AccountCreated", "UserAdded", "UserAdded",
                "GroupAdded", "RoleChanged", "CustomPermissionsChanged", "MemberRemoved", "UserAdded");
        JsonNode change = items.get(4).get("details");
        assertThat(change.get("roles").toString()).isEqualTo("[\"MANAGER\",\"DEVELOPER\"]");
        assertThat(change.get("previousAccess").get("roles").toString()).isEqualTo("[\"DEVELOPER\"]");
        assertThat(items.get(6).get("details").get("reason").asText()).isEqualTo("REMOVED_BY_MANAGER");
    }

    @Test
    void theHistoryFiltersByMemberAndTime() throws Exception {
        String accountId = createAccount(owner);
        List<Instant> instants = history(accountId);
        long head = jdbcHead();
        JsonNode all = api.as(owner).header("Gatehouse-Min-Position", head)
                .get("/api/v1/accounts/" + accountId + "/history").json().get("items");
        String ada = all.get(1).get("memberId").asText();

        JsonNode adaOnly = api.as(owner).get("/api/v1/accounts/" + accountId + "/history?memberId=" + ada).json();
        JsonNode window = api.as(owner).get("/api/v1/accounts/" + accountId + "/history?from=" + instants.get(1)
                + "&to=" + instants.get(3)).json();

        assertThat(adaOnly.get("items").findValuesAsText("type")).containsExactly("UserAdded", "RoleChanged");
        assertThat(window.get("items").findValuesAsText("type")).containsExactly("RoleChanged", "CustomPermissionsChanged");
        assertThat(api.as(owner).get("/api/v1/accounts/" + accountId + "/history?from=yesterday").status())
                .isEqualTo(400);
    }

    @Test
    void theHistoryStreamsAsNdjsonOneEventPerLine() throws Exception {
        String accountId = createAccount(owner);
        history(accountId);
        long head = jdbcHead();
        api.as(owner).header("Gatehouse-Min-Position", head).get("/api/v1/accounts/" + accountId + "/history");

        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/accounts/" + accountId + "/history"))
                .header("Authorization", "Bearer " + owner.token())
                .header("Accept", "application/x-ndjson").build(), HttpResponse.BodyHandlers.ofLines());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        ObjectMapper json = new ObjectMapper();
        List<String> types = response.body().map(line -> {
            try {
                return json.readTree(line).get("type").asText();
            } catch (Exception e) {
                throw new IllegalStateException(line, e);
            }
        }).toList();
        assertThat(types).containsExactly("AccountCreated", "UserAdded", "UserAdded", "GroupAdded", "RoleChanged",
                "CustomPermissionsChanged", "MemberRemoved", "UserAdded");
    }

    @Test
    void asOfGivesTheUsersListAsAReplayOfTheEventStoreHadItAtEachInstant() throws Exception {
        String accountId = createAccount(owner);
        List<Instant> instants = history(accountId);
        long head = jdbcHead();
        List<TrackedEventMessage<?>> replay = replay(accountId);

        for (Instant instant : instants) {
            Map<String, String> expected = fold(replay, instant);
            Api.Answer list = api.as(owner).header("Gatehouse-Min-Position", head)
                    .get("/api/v1/accounts/" + accountId + "/members?size=500&asOf=" + instant);
            assertThat(list.status()).as(list.toString()).isEqualTo(200);
            Map<String, String> actual = new TreeMap<>();
            for (JsonNode item : list.json().get("items")) {
                actual.put(item.get("memberId").asText(), item.get("access").toString());
            }
            assertThat(actual).as("Users list as of " + instant).isEqualTo(expected);
        }
        // and today's list agrees with the last instant
        JsonNode today = usersList(owner, accountId, "?size=500");
        assertThat(today.get("total").asLong()).isEqualTo(fold(replay, Instant.now()).size());
        assertThat(api.as(owner).get("/api/v1/accounts/" + accountId + "/members?asOf=last-week").status())
                .isEqualTo(400);
    }

    /** The test's own replay: every event of the account, straight from the event store. */
    private List<TrackedEventMessage<?>> replay(String accountId) {
        List<TrackedEventMessage<?>> events = new ArrayList<>();
        try (var stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable()) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                Object payload = event.getPayload();
                if ((payload instanceof AccountEvent a && a.accountId().equals(accountId))
                        || (payload instanceof MembershipEvent m && m.accountId().equals(accountId))) {
                    events.add(event);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return events;
    }

    /** The test's own fold of the replay up to an instant: member id to its access as JSON. */
    private static Map<String, String> fold(List<TrackedEventMessage<?>> events, Instant upTo) {
        Map<String, String> members = new TreeMap<>();
        Map<String, String> tenants = new LinkedHashMap<>();
        ObjectMapper json = io.gatehouse.messaging.GatehouseSerializer.objectMapper();
        for (TrackedEventMessage<?> event : events) {
            if (event.getTimestamp().isAfter(upTo)) break;
            try {
                if (event.getPayload() instanceof MemberAdded added) {
                    members.put(added.memberId(), json.writeValueAsString(added.access()));
                    tenants.put(added.memberId(), added.tenantId());
                } else if (event.getPayload() instanceof AccessReplaced changed) {
                    members.put(changed.memberId(), json.writeValueAsString(changed.access()));
                } else if (event.getPayload() instanceof MemberRemoved removed) {
                    members.remove(removed.memberId());
                } else if (event.getPayload() instanceof TenantRemoved removed) {
                    members.keySet().removeIf(id -> removed.tenantId().equals(tenants.get(id)));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return members;
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    private long jdbcHead() {
        return jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
    }
}
