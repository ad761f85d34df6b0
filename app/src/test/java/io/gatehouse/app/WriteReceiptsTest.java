package io.gatehouse.app;

import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write's ETag and Gatehouse-Position are its own: with many Managers changing the same members at once, each
 * answer points at the event that write stored (or, for a change to what already was, the state it decided on),
 * never at another writer's later one.
 */
class WriteReceiptsTest extends GatehouseIntegrationTest {

    private static final List<String> ROLES = List.of("MANAGER", "DEVELOPER", "BUSINESS_CONTRIBUTOR",
            "FINANCE_CONTRIBUTOR", "MARKETER");

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());

    @Autowired
    JdbcTemplate jdbc;

    record Written(String memberId, String role, long version, long position) {
    }

    /** One update that a writer made with If-Match: the ETag it matched and the one it was answered. */
    record Update(String role, long matched, long version, long position) {
    }

    @Test
    void concurrentWritersOfOneMemberWithIfMatchLoseNoUpdate() throws Exception {
        String accountId = createAccount(owner);
        String memberId = add(owner, accountId, "users", roles("DEVELOPER"),
                directoryUser(owner, accountId, "Contested Member")).get(0);
        java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong(head());

        List<Callable<List<Update>>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            writers.add(() -> {
                List<Update> updates = new ArrayList<>();
                for (int attempt = 0; attempt < 60 && updates.size() < 5; attempt++) {
                    // read the member as it is (at least as far as any answer seen so far), then write on that version
                    Api.Answer read = api.as(owner).header("Gatehouse-Min-Position", seen.get())
                            .get("/api/v1/accounts/" + accountId + "/members/" + memberId);
                    assertThat(read.status()).as(read.toString()).isEqualTo(200);
                    String current = read.json().get("access").get("roles").get(0).asText();
                    String role = ROLES.stream().filter(r -> !r.equals(current))
                            .toList().get(ThreadLocalRandom.current().nextInt(ROLES.size() - 1));
                    long matched = Long.parseLong(read.header("ETag").replace("\"", ""));
                    Api.Answer answer = api.as(owner).header("If-Match", read.header("ETag"))
                            .put("/api/v1/accounts/" + accountId + "/members/" + memberId + "/access", roles(role));
                    if (answer.status() == 412) {
                        continue;   // another writer got there first: read again
                    }
                    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
                    seen.accumulateAndGet(answer.position(), Math::max);
                    updates.add(new Update(role, matched, Long.parseLong(answer.header("ETag").replace("\"", "")),
                            answer.position()));
                }
                return updates;
            });
        }
        List<Update> updates = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<List<Update>> writer : pool.invokeAll(writers)) updates.addAll(writer.get());
        } finally {
            pool.shutdown();
        }

        assertThat(updates).isNotEmpty();
        // every accepted write stored the version right after the one it matched, and no two matched the same one
        assertThat(updates).allSatisfy(u -> assertThat(u.version()).as("%s", u).isEqualTo(u.matched() + 1));
        assertThat(updates.stream().map(Update::matched).distinct().count()).isEqualTo(updates.size());
        // so the member's stream holds exactly the accepted writes after its creation, each the role it was sent
        Long last = jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?", Long.class, memberId);
        assertThat(last).isEqualTo(updates.size());
        for (Update u : updates) {
            Map<String, Object> event = jdbc.queryForMap("SELECT global_index, p -> 'roles' ->> 0 AS role FROM "
                    + "(SELECT global_index, convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry "
                    + "WHERE aggregate_identifier = ? AND sequence_number = ?) e", memberId, u.version());
            assertThat(event.get("role")).as("%s", u).isEqualTo(u.role());
            assertThat(event.get("global_index")).as("%s", u).isEqualTo(u.position());
        }
        // and a read right after the last write shows it
        Update newest = updates.stream().max(java.util.Comparator.comparingLong(Update::version)).orElseThrow();
        Api.Answer after = api.as(owner).header("Gatehouse-Min-Position", newest.position())
                .get("/api/v1/accounts/" + accountId + "/members/" + memberId);
        assertThat(after.header("ETag")).isEqualTo("\"" + newest.version() + "\"");
        assertThat(after.json().get("access").get("roles").get(0).asText()).isEqualTo(newest.role());
    }

    private long head() {
        Long position = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return position == null ? 0 : position;
    }

    @Test
    void concurrentWritersEachGetTheVersionAndPositionOfTheirOwnChange() throws Exception {
        String accountId = createAccount(owner);
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 8; i++) objects.add(directoryUser(owner, accountId, "Writer Target " + i));
        List<String> memberIds = add(owner, accountId, "users", roles("DEVELOPER"), objects.toArray(String[]::new));

        List<Callable<List<Written>>> writers = new ArrayList<>();
        for (int w = 0; w < 32; w++) {
            writers.add(() -> {
                List<Written> written = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    String memberId = memberIds.get(ThreadLocalRandom.current().nextInt(memberIds.size()));
                    String role = ROLES.get(ThreadLocalRandom.current().nextInt(ROLES.size()));
                    Api.Answer answer = api.as(owner).put("/api/v1/accounts/" + accountId + "/members/" + memberId
                            + "/access", roles(role));
                    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
                    written.add(new Written(memberId, role, Long.parseLong(answer.header("ETag").replace("\"", "")),
                            answer.position()));
                }
                return written;
            });
        }
        List<Written> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            for (Future<List<Written>> writer : pool.invokeAll(writers)) answers.addAll(writer.get());
        } finally {
            pool.shutdown();
        }

        for (Written answer : answers) {
            // RoleChanged names the roles; the UserAdded that began the stream, its access
            Map<String, Object> event = jdbc.queryForMap("SELECT global_index, coalesce(p -> 'roles' ->> 0, "
                    + "p -> 'access' -> 'roles' ->> 0) AS role FROM (SELECT global_index, "
                    + "convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry "
                    + "WHERE aggregate_identifier = ? AND sequence_number = ?) e",
                    answer.memberId(), answer.version());
            assertThat(event.get("role")).as("the member's state at the answered ETag, %s", answer)
                    .isEqualTo(answer.role());
            assertThat(event.get("global_index")).as("the position of the answered ETag's event, %s", answer)
                    .isEqualTo(answer.position());
        }
    }
}
