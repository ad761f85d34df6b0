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
