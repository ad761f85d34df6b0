package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person is erased: afterwards no table of the database (events, projections in both copies, the local
 * directory, stored answers, secrets) nor the service's log holds any of its personal values, while the Users
 * list, the history, {@code asOf} and a rebuild still answer, with "[erased]" where its data was.
 */
@ExtendWith(OutputCaptureExtension.class)
class ErasureTest extends GatehouseIntegrationTest {

    static final String ERASURES = "/api/v1/admin/personal-data/erasures";

    /** API.md: an erasure is PENDING until every read model has forgotten the person, then DONE. */
    private void awaitErasureDone(String erasureId) {
        long deadline = System.currentTimeMillis() + 10_000;
        String status;
        do {
            Api.Answer answer = api.as(operator).get(ERASURES + "/" + erasureId);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            status = answer.json().get("status").asText();
        } while (!status.equals("DONE") && System.currentTimeMillis() < deadline);
        assertThat(status).isEqualTo("DONE");
        assertThat(api.as(operator).get(ERASURES + "/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
    }

    private static final String ERASED = "[erased]";

    // values found nowhere else in the shared test database
    private final String unique = UUID.randomUUID().toString().substring(0, 8);
    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant()).globalAdministrator();
    private final Person operator = TestTokens.person("Oscar Operator", TestTokens.newTenant()).operator();
    private final Person ada = TestTokens.person("Zephyrine Quillfeather" + unique, owner.tenantId());
    private final Person grace = TestTokens.person("Grace Hopperton" + unique, owner.tenantId());
    private final String adaFirstName = "Augustaq" + unique;
    private final String adaLastName = "Byronsdottir" + unique;
    private final String adaNewUsername = "augusta.byron." + unique + "@contoso.com";
    private final String adaUrl = "https://partner.microsoft.com/dashboard/secret-" + unique;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void anErasedPersonIsFoundNowhereAndEverythingStillAnswersWithPlaceholders(CapturedOutput log) throws Exception {
        String accountId = createAccount(owner);
        String adaMember = add(owner, accountId, "users", roles("MANAGER"),
                directoryUserWithId(owner, accountId, ada)).get(0);
        // the add's answer, stored for its Idempotency-Key, names Grace; one for Ada's own request names Ada
        String graceMember = add(owner, accountId, "users", roles("DEVELOPER"),
                directoryUserWithId(owner, accountId, grace)).get(0);
        Api.Answer edited = api.as(owner).header("Idempotency-Key", "edit-" + unique)
                .patch("/api/v1/accounts/" + accountId + "/users/" + adaMember,
                        Map.of("firstName", adaFirstName, "lastName", adaLastName, "username", adaNewUsername));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        // Ada acts (her name is the actor's) and visits pages
        Api.Answer changed = api.as(ada).put("/api/v1/accounts/" + accountId + "/members/" + graceMember + "/access",
                roles("MARKETER"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        Api.Answer visited = api.as(ada).post("/api/v1/accounts/" + accountId + "/activity", List.of(
                Map.of("url", adaUrl, "visitedAt", Instant.now().minusSeconds(60).toString())));
        assertThat(visited.status()).as(visited.toString()).isEqualTo(202);
        lastPosition = visited.position();
        memberWhen(owner, accountId, adaMember, m -> m.get("firstName").asText().equals(adaFirstName)
                && m.get("status").asText().equals("ACTIVE"));
        awaitLocalDirectoryUsername(adaNewUsername);
        List<String> adasValues = List.of(ada.name(), ada.username(), adaFirstName, adaLastName,
                adaFirstName + " " + adaLastName, adaNewUsername, adaUrl);
        // the search can find them: before the erasure they are in the read models and the local directory
        String before = dumpDatabase();
        assertThat(adasValues).anySatisfy(value -> assertThat(before).contains(value));
        assertThat(before).contains(adaUrl, adaNewUsername, adaFirstName);
        assertThat(storedEventsText()).doesNotContain(adaFirstName, adaUrl, ada.name());

        // a rebuild leaves the copy readers used before as it was: there too the erasure must reach
        for (String projection : List.of("users-list", "audit-history", "activity")) {
            rebuild(projection);
        }

        // only an operator erases, and only a directory object id
        assertThat(api.as(owner).post(ERASURES, Map.of("directoryObjectId", ada.oid())).status()).isEqualTo(403);
        assertThat(api.as(operator).post(ERASURES, Map.of("directoryObjectId", "not-an-id")).status()).isEqualTo(400);
        Api.Answer erased = api.as(operator).post(ERASURES, Map.of("directoryObjectId", ada.oid()));

        assertThat(erased.status()).as(erased.toString()).isEqualTo(202);
        assertThat(erased.json().get("memberIds").toString()).isEqualTo("[\"" + adaMember + "\"]");
        assertThat(erased.json().get("keysDestroyed").asInt()).isGreaterThanOrEqualTo(2);
        lastPosition = erased.position();
        String erasureId = erased.json().get("erasureId").asText();
        awaitErasureDone(erasureId);
        usersList(owner, accountId, "?size=50");
        awaitHistoryAndActivity(accountId, adaMember);
        String afterErasure = dumpDatabase();
        for (String value : adasValues) {
            assertThat(afterErasure).as("both copies of every projection, the events, the directory")
                    .doesNotContain(value).doesNotContain(hex(value));
        }

        // the Users list: Ada's entry reads [erased], Grace is intact
        JsonNode list = usersList(owner, accountId, "?size=50");
        JsonNode adaEntry = entry(list, adaMember);
        assertThat(adaEntry.get("displayName").asText()).isEqualTo(ERASED);
        JsonNode adaDetails = api.as(owner).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + accountId + "/members/" + adaMember).json();
        assertThat(List.of("displayName", "firstName", "lastName", "username")).allSatisfy(field ->
                assertThat(adaDetails.get(field).asText()).as(field).isEqualTo(ERASED));
        assertThat(adaDetails.toString()).doesNotContain(adasValues);
        assertThat(entry(list, graceMember).get("displayName").asText()).isEqualTo(grace.name());
        assertThat(entry(list, graceMember).get("access").get("roles").get(0).asText()).isEqualTo("MARKETER");

        // the history, as JSON and NDJSON: every entry still there, Ada's data and her name as actor erased
        JsonNode history = api.as(owner).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + accountId + "/history?size=100").json();
        assertThat(history.get("items").findValuesAsText("type")).contains("UserAdded", "UserEdited", "RoleChanged");
        assertThat(history.toString()).contains(ERASED, grace.name()).doesNotContain(adasValues);
        JsonNode roleChanged = history.get("items").findParents("type").stream()
                .filter(e -> e.get("type").asText().equals("RoleChanged")).findFirst().orElseThrow();
        assertThat(roleChanged.get("actor").get("oid").asText()).isEqualTo(ada.oid());
        assertThat(roleChanged.get("actor").get("name").asText()).isEqualTo(ERASED);
        Api.Answer ndjson = api.as(owner).header("Accept", "application/x-ndjson")
                .get("/api/v1/accounts/" + accountId + "/history");
        assertThat(ndjson.status()).isEqualTo(200);
        assertThat(ndjson.text().lines().count()).isEqualTo(history.get("total").asLong());
        assertThat(ndjson.text()).contains(ERASED, grace.name()).doesNotContain(adasValues);

        // asOf folds the events themselves: they read [erased]
        JsonNode asOf = api.as(owner).get("/api/v1/accounts/" + accountId + "/members?asOf="
                + Instant.now().plusSeconds(1)).json();
        assertThat(entry(asOf, adaMember).get("displayName").asText()).isEqualTo(ERASED);
        assertThat(entry(asOf, graceMember).get("displayName").asText()).isEqualTo(grace.name());

        // Ada's activity is gone
        Api.Answer activity = api.as(owner).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + accountId + "/members/" + adaMember + "/activity");
        assertThat(activity.json().get("items").size()).isZero();

        // a full rebuild of every projection reads the events as they are now
        for (String projection : List.of("users-list", "audit-history", "activity")) {
            rebuild(projection);
        }
        // rebuilt twice in this test: readers are back on the copy other tests read with plain SQL
        assertRebuiltListsAndHistory(accountId, adaMember, graceMember, history, adasValues);

        // nothing of Ada anywhere in the database, as text or as bytes, nor in the log
        String after = dumpDatabase();
        for (String value : adasValues) {
            assertThat(after).as("the database after the erasure").doesNotContain(value)
                    .doesNotContain(hex(value));
        }
        assertThat(after).contains(grace.name());
        assertThat(log.getAll()).as("the service's log").doesNotContain(adasValues);
        // the erasure itself is recorded: who asked, when, whom; without the erased data
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type = 'PersonErased' "
                + "AND convert_from(payload, 'UTF8')::jsonb ->> 'directoryObjectId' = ? AND convert_from(payload, "
                + "'UTF8')::jsonb -> 'actor' ->> 'oid' = ?", Integer.class, ada.oid(), operator.oid())).isEqualTo(1);
    }

    /** The history and activity projections have handled everything up to {@link #lastPosition}. */
    private void awaitHistoryAndActivity(String accountId, String adaMember) {
        assertThat(api.as(owner).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + accountId + "/history").status()).isEqualTo(200);
        assertThat(api.as(owner).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + accountId + "/members/" + adaMember + "/activity").status()).isEqualTo(200);
    }

    private void assertRebuiltListsAndHistory(String accountId, String adaMember, String graceMember, JsonNode history,
                                              List<String> adasValues) {
        JsonNode rebuilt = usersList(owner, accountId, "?size=50");
        assertThat(entry(rebuilt, adaMember).get("displayName").asText()).isEqualTo(ERASED);
        assertThat(entry(rebuilt, graceMember).get("displayName").asText()).isEqualTo(grace.name());
        JsonNode historyRebuilt = api.as(owner).get("/api/v1/accounts/" + accountId + "/history?size=100").json();
        assertThat(historyRebuilt.get("total").asLong()).isEqualTo(history.get("total").asLong());
        assertThat(historyRebuilt.toString()).contains(ERASED, grace.name()).doesNotContain(adasValues);
    }

    @Test
    void aUserCreatedInTheDirectoryIsErasedWithItsMemberKeyAndItsUnreadTemporaryPassword() throws Exception {
        String accountId = createAccount(owner);
        String username = "linus." + unique + "@contoso.com";
        String recovery = "linus.recovery." + unique + "@example.org";
        Api.Answer created = api.as(owner).post("/api/v1/accounts/" + accountId + "/users/new", Map.of(
                "firstName", "Linusq" + unique, "lastName", "Torvaldsq" + unique, "username", username,
                "passwordRecoveryEmail", recovery, "access", roles("DEVELOPER")));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String memberId = created.json().get("memberId").asText();
        String objectId = memberWhen(owner, accountId, memberId, m -> m.get("status").asText().equals("ACTIVE"))
                .get("directoryObjectId").asText();
        String credentials = created.json().get("credentials").asText();

        Api.Answer erased = api.as(operator).post(ERASURES, Map.of("directoryObjectId", objectId));

        assertThat(erased.status()).as(erased.toString()).isEqualTo(202);
        assertThat(erased.json().get("memberIds").toString()).isEqualTo("[\"" + memberId + "\"]");
        assertThat(erased.json().get("oneTimeSecrets").asInt()).isEqualTo(1);
        assertThat(api.as(owner).get(credentials).status()).isEqualTo(410);
        lastPosition = erased.position();
        JsonNode member = api.as(owner).header("Gatehouse-Min-Position", lastPosition)
                .get("/api/v1/accounts/" + accountId + "/members/" + memberId).json();
        assertThat(member.get("displayName").asText()).isEqualTo(ERASED);
        assertThat(member.get("username").asText()).isEqualTo(ERASED);
        // the events themselves read [erased]: the member key is gone
        JsonNode asOf = api.as(owner).get("/api/v1/accounts/" + accountId + "/members?asOf="
                + Instant.now().plusSeconds(1)).json();
        assertThat(entry(asOf, memberId).get("displayName").asText()).isEqualTo(ERASED);
        String dump = dumpDatabase();
        for (String value : List.of(username, recovery, "Linusq" + unique, "Torvaldsq" + unique)) {
            assertThat(dump).doesNotContain(value).doesNotContain(hex(value));
        }
    }

    private static JsonNode entry(JsonNode list, String memberId) {
        return list.get("items").findParents("memberId").stream()
                .filter(m -> m.get("memberId").asText().equals(memberId)).findFirst().orElseThrow();
    }

    private void awaitLocalDirectoryUsername(String username) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (directory.findUserByPrincipalName(owner.tenantId(), username).isEmpty()) {
            assertThat(Instant.now()).as("the edit reached the directory").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private void rebuild(String projection) throws InterruptedException {
        String liveBefore = projectionStatus(projection).get("liveSchema").asText();
        Api.Answer started = api.as(operator).post("/api/v1/admin/projections/" + projection + "/rebuild", "");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            JsonNode status = projectionStatus(projection);
            if (!status.get("liveSchema").asText().equals(liveBefore) && !status.get("replaying").asBoolean()) {
                return;
            }
            assertThat(Instant.now()).as("rebuild of " + projection).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private JsonNode projectionStatus(String projection) {
        for (JsonNode status : api.as(operator).get("/api/v1/admin/projections").json()) {
            if (status.get("name").asText().equals(projection)) {
                return status;
            }
        }
        throw new AssertionError("no projection " + projection);
    }

    /** The stored events' payloads as text. */
    private String storedEventsText() {
        return String.join("\n", jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry",
                String.class));
    }

    /**
     * Every table of every schema as text, the way pg_dump writes data ({@code COPY ... TO STDOUT}): the embedded
     * PostgreSQL 17 brings no pg_dump, and the machine's older one refuses a newer server. Large objects too.
     */
    private String dumpDatabase() throws Exception {
        List<String> tables = jdbc.queryForList("SELECT format('%I.%I', table_schema, table_name) FROM "
                + "information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN "
                + "('pg_catalog', 'information_schema') ORDER BY 1", String.class);
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        try (Connection connection = dataSource.getConnection()) {
            PGConnection postgres = connection.unwrap(PGConnection.class);
            for (String table : tables) {
                dump.write(("-- " + table + "\n").getBytes(StandardCharsets.UTF_8));
                postgres.getCopyAPI().copyOut("COPY " + table + " TO STDOUT", dump);
            }
        }
        List<String> largeObjects = new ArrayList<>(jdbc.queryForList(
                "SELECT encode(lo_get(oid), 'escape') FROM pg_largeobject_metadata", String.class));
        return dump.toString(StandardCharsets.UTF_8) + String.join("\n", largeObjects);
    }

    /** How COPY writes a value inside a bytea column. */
    private static String hex(String value) {
        return HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
    }
}
