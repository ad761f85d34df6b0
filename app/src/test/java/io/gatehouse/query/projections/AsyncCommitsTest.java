package io.gatehouse.query.projections;

import io.gatehouse.app.GatehouseIntegrationTest;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Projections commit without waiting for the disk, in their own transactions only. */
class AsyncCommitsTest extends GatehouseIntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyProjectionsProcessorCommitsAsynchronously() {
        for (String projection : new String[]{"users-list", "audit-history", "activity"}) {
            TransactionManager processorTransactions = processing.transactionManager(projection);

            String inside = processorTransactions.fetchInTransaction(() -> setting());

            assertThat(inside).as(projection).isEqualTo("off, set by the transaction");
        }
    }

    @Test
    void theSettingEndsWithTheTransaction() {
        new AsyncCommits(transactionManager, jdbc).executeInTransaction(() ->
                assertThat(setting()).isEqualTo("off, set by the transaction"));

        // the test server itself may run without durable commits: what matters is that nothing set it any more
        assertThat(transactionManager.fetchInTransaction(this::setting)).doesNotContain("set by the transaction");
        assertThat(setting()).doesNotContain("set by the transaction");
    }

    /** The setting, and whether this session set it (SET LOCAL shows as the session's). */
    private String setting() {
        return jdbc.queryForObject("SELECT setting || CASE WHEN source = 'session' THEN ', set by the transaction' "
                + "ELSE '' END FROM pg_settings WHERE name = 'synchronous_commit'", String.class);
    }
}
