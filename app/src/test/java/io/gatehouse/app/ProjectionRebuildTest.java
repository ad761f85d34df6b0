package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;

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

    @Test
    void aRebuildWhoseNodeDiesIsTakenOverWhileTheLiveProjectionKeepsServingAndCanBeStartedAgain() throws Exception {
        String accountId = createAccount(owner);
        add(owner, accountId, "users", roles("DEVELOPER"), directoryUser(owner, accountId, "Crash Witness"));
        JsonNode before = usersList(owner, accountId, "?size=500");
        String liveBefore = liveSchema("users-list");
        String target = liveBefore.equals("public") ? "projection_b" : "public";
        // the replay's first write into the new copy waits on a lock the test holds: the rebuild is caught mid-replay
        jdbc.execute("CREATE OR REPLACE FUNCTION " + target + ".test_hold_rebuild() RETURNS trigger LANGUAGE plpgsql "
                + "AS $$ BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NULL; END $$");
        jdbc.execute("CREATE TRIGGER test_hold_rebuild BEFORE INSERT OR UPDATE OR DELETE ON " + target
                + ".member_view FOR EACH STATEMENT EXECUTE FUNCTION " + target + ".test_hold_rebuild()");
        Connection holder = dataSource.getConnection();
        try {
            holder.createStatement().execute("SELECT pg_advisory_lock(4242)");
            assertThat(api.as(operator).post("/api/v1/admin/projections/users-list/rebuild", "").status()).isEqualTo(202);
            awaitRebuild("users-list", "CATCHING_UP");

            // the node "dies": it no longer renews its lease, as the database sees it
            assertThat(jdbc.update("UPDATE projection_rebuild SET owner = 'crashed-node', lease_until = now() - "
                    + "interval '1 second' WHERE projection_name = 'users-list' AND state = 'CATCHING_UP'")).isEqualTo(1);
            for (int i = 0; i < 10; i++) {
                assertThat(usersList(owner, accountId, "?size=500")).isEqualTo(before);
                assertThat(liveSchema("users-list")).isEqualTo(liveBefore);
                Thread.sleep(100);
            }
        } finally {
            holder.createStatement().execute("SELECT pg_advisory_unlock_all()");
            holder.close();
            jdbc.execute("DROP TRIGGER IF EXISTS test_hold_rebuild ON " + target + ".member_view");
            jdbc.execute("DROP FUNCTION IF EXISTS " + target + ".test_hold_rebuild()");
        }
        // another node (here: this one) takes the replay over from its tokens and hands over
        awaitRebuild("users-list", "DONE");
        assertThat(liveSchema("users-list")).isEqualTo(target);
        assertThat(usersList(owner, accountId, "?size=500")).isEqualTo(before);

        // and a rebuild can be started again
        assertThat(api.as(operator).post("/api/v1/admin/projections/users-list/rebuild", "").status()).isEqualTo(202);
        awaitRebuild("users-list", "DONE");
        assertThat(liveSchema("users-list")).isEqualTo(liveBefore);
        assertThat(usersList(owner, accountId, "?size=500")).isEqualTo(before);
    }

    @Test
    void aHandOverPastItsDeadlineFailsTheRebuildAndTheLiveProjectionResumesOnItsCopy() throws Exception {
        String accountId = createAccount(owner);
        add(owner, accountId, "users", roles("DEVELOPER"), directoryUser(owner, accountId, "Deadline Witness"));
        JsonNode before = usersList(owner, accountId, "?size=500");
        String liveBefore = liveSchema("users-list");
        // a query node that is alive but never pauses its live processor
        jdbc.update("INSERT INTO projection_node (node_id, seen_at) VALUES ('stuck-node', now() + interval '1 hour')");
        try {
            assertThat(api.as(operator).post("/api/v1/admin/projections/users-list/rebuild", "").status()).isEqualTo(202);
            awaitRebuild("users-list", "HANDING_OVER");
            // paused for the hand-over, the node still answers reads of what it had
            assertThat(usersList(owner, accountId, "?size=500")).isEqualTo(before);

            // the deadline passes (30 s by default)
            jdbc.update("UPDATE projection_rebuild SET handover_deadline = now() - interval '1 second' "
                    + "WHERE projection_name = 'users-list' AND state = 'HANDING_OVER'");
            JsonNode failed = awaitRebuild("users-list", "FAILED");
            assertThat(failed.get("failure").asText()).isNotBlank();
        } finally {
            jdbc.update("DELETE FROM projection_node WHERE node_id = 'stuck-node'");
        }
        assertThat(liveSchema("users-list")).isEqualTo(liveBefore);
        assertThat(replaying("users-list")).isFalse();
        // the live processor goes on on the copy it had
        String memberId = before.get("items").get(0).get("memberId").asText();
        lastPosition = api.as(owner).put("/api/v1/accounts/" + accountId + "/members/" + memberId + "/access",
                roles("MARKETER")).position();
        assertThat(usersList(owner, accountId, "?size=500").get("items").get(0).get("access").get("roles").get(0)
                .asText()).isEqualTo("MARKETER");
    }

    /** Waits for the projection's latest rebuild to reach {@code state}; answers its status. */
    private JsonNode awaitRebuild(String projection, String state) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            for (JsonNode status : api.as(operator).get("/api/v1/admin/projections").json()) {
                JsonNode rebuild = status.get("rebuild");
                if (status.get("name").asText().equals(projection) && rebuild != null
                        && rebuild.get("state").asText().equals(state)) {
                    return rebuild;
                }
            }
            assertThat(Instant.now()).as("rebuild of " + projection + " " + state).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private DataSource dataSource;

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
