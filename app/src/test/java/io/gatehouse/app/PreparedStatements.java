package io.gatehouse.app;

import org.springframework.jdbc.core.JdbcTemplate;

/** What one connection has prepared on the server (pgjdbc prepares a statement there at its fifth use). */
final class PreparedStatements {

    private PreparedStatements() {
    }

    /**
     * The name of the connection's statement whose text is {@code LIKE statement} that it used most: the one a test
     * drove. A pooled connection may hold others of that text (another size, another copy of a table, the same text
     * prepared again), prepared before and used fewer times.
     */
    static String mostUsed(JdbcTemplate connection, String statement) {
        return connection.queryForObject("SELECT name FROM pg_prepared_statements WHERE statement LIKE ? "
                + "ORDER BY generic_plans + custom_plans DESC LIMIT 1", String.class, statement);
    }

    /** How often PostgreSQL executed the statement on its generic plan instead of planning it for the values. */
    static long genericPlans(JdbcTemplate connection, String name) {
        return connection.queryForObject("SELECT generic_plans FROM pg_prepared_statements WHERE name = ?",
                Long.class, name);
    }
}
