package io.gatehouse.app;

import io.gatehouse.command.CommandLookups;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command reads the caller's standing and the member first ({@link CommandLookups#callerAndMember}). On one
 * connection, as a pooled one serves request after request, PostgreSQL must settle on a generic plan for that read
 * instead of planning it again each time: the planning cost three times the execution (issue 14). And the read, like
 * an add's check of its objects, must stay a probe of a few index pages however large the account and whatever
 * the statistics say.
 */
class AuthorizationReadPlanTest extends GatehouseIntegrationTest {

    @Autowired
    DataSource dataSource;

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());
    private String accountId;

    @BeforeEach
    void createOwnersAccount() {
        accountId = createAccount(owner);
    }

    @Test
    void theAuthorizationReadIsPlannedOnceNotOnEveryCommand() throws Exception {
        String memberId = add(owner, accountId, "users", roles("DEVELOPER"),
                directoryUser(owner, accountId, "Ada Lovelace")).get(0);
        Person viaGroup = TestTokens.person("Gina Group", owner.tenantId()).inGroups("a-group", "another-group");
        // accounts of a few hundred members, as in the benchmark, and statistics that say so: with an array of
        // object ids PostgreSQL then judged its generic plan costlier and planned the read on every call
        fillLookups(19, 300);
        new JdbcTemplate(dataSource).execute("ANALYZE member_lookup");

        try (Connection connection = dataSource.getConnection()) {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            CommandLookups lookups = new CommandLookups(jdbc);
            for (int i = 0; i < 15; i++) {
                assertThat(lookups.callerAndMember(accountId, owner.tenantId(), List.of(owner.oid()), memberId))
                        .hasValueSatisfying(read -> assertThat(read.member()).isPresent());
                assertThat(lookups.callerAndMember(accountId, viaGroup.tenantId(),
                        List.of(viaGroup.oid(), "a-group", "another-group"), memberId)).isPresent();
            }
            // the read's two statements this test drove (one and three object ids) on their generic plans
            for (String read : List.of("%directory_object_id IN ($1)%AS last_sequence_number%",
                    "%directory_object_id IN ($1, $2, $3)%AS last_sequence_number%")) {
                assertThat(PreparedStatements.genericPlans(jdbc, PreparedStatements.mostUsed(jdbc, read))).as(read)
                        .isPositive();
            }
        }
    }

    @Test
    void commandReadsStayProbesInAnAccountTheStatisticsDoNotKnowYet() throws Exception {
        String memberId = add(owner, accountId, "users", roles("DEVELOPER"),
                directoryUser(owner, accountId, "Ada Lovelace")).get(0);
        // statistics taken before the account grew, as when a new account is filled faster than ANALYZE runs: the
        // account and its tenant look like a row or two, and a range of either looked as cheap as the probe
        new JdbcTemplate(dataSource).execute("ANALYZE member_lookup");
        fillLookups(0, 3000);

        try (Connection connection = dataSource.getConnection()) {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            CommandLookups lookups = new CommandLookups(jdbc);
            for (int i = 0; i < 8; i++) {
                assertThat(lookups.callerAndMember(accountId, owner.tenantId(), List.of(owner.oid()), memberId))
                        .hasValueSatisfying(read -> assertThat(read.member()).isPresent());
                assertThat(lookups.alreadyMembers(accountId, List.of("not-a-member"))).isEmpty();
            }
            // the statements as the connection prepared them, executed once more with their plans' page counts
            String authorization = PreparedStatements.mostUsed(jdbc, "%directory_object_id IN ($1)%AS last_sequence_number%");
            String check = PreparedStatements.mostUsed(jdbc, "SELECT directory_object_id FROM member_lookup WHERE%");
            assertThat(pagesRead(jdbc, "EXECUTE \"" + authorization + "\"('" + owner.oid() + "', '" + memberId + "', '"
                    + accountId + "')")).isLessThan(40);
            assertThat(pagesRead(jdbc, "EXECUTE \"" + check + "\"('" + accountId + "', '{not-a-member}')"))
                    .isLessThan(20);
        }
    }

    /** {@code membersEach} lookups in the owner's account and tenant, and as many in each of {@code otherAccounts}. */
    private void fillLookups(int otherAccounts, int membersEach) {
        new JdbcTemplate(dataSource).update("INSERT INTO member_lookup (member_id, account_id, tenant_id, "
                + "directory_object_id, member_type, access, directory_state) SELECT gen_random_uuid()::text, CASE WHEN "
                + "a = 0 THEN ? ELSE 'other-' || a END, CASE WHEN a = 0 THEN ? ELSE 'tenant-' || a END, 'plan-test-' || "
                + "gen_random_uuid(), 'USER', '{\"roles\":[\"DEVELOPER\"]}'::jsonb, 'PRESENT' FROM "
                + "generate_series(0, ?) a, generate_series(1, ?) m", accountId, owner.tenantId(), otherAccounts,
                membersEach);
    }

    @AfterEach
    void removeFilledLookups() {
        // lookups without events behind them: no other test, job or projection may meet them
        new JdbcTemplate(dataSource).update("DELETE FROM member_lookup WHERE directory_object_id LIKE 'plan-test-%'");
    }

    /** Index and table pages the statement touched (shared buffers hit or read), subplans included. */
    private static long pagesRead(JdbcTemplate jdbc, String execute) throws Exception {
        JsonNode plan = new ObjectMapper().readTree(jdbc.queryForObject(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + execute, String.class)).get(0).get("Plan");
        return plan.get("Shared Hit Blocks").asLong() + plan.get("Shared Read Blocks").asLong();
    }
}
