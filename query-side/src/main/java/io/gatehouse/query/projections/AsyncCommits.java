package io.gatehouse.query.projections;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A projection's transactions commit without waiting for the disk ({@code synchronous_commit} off, for that
 * transaction only): its rows are rebuilt from durable events and its token commits with them, so a crash of the
 * database that loses its last commits (at most about 0.6 s of them) only makes it handle those events again.
 * Commands, sagas and a rebuild's switch keep durable commits; any durable commit also makes every earlier one
 * durable, the log being written in order. One disk flush less per batch of events: on 2 cores under light load
 * each projection's flush queued behind, and held up, the next command's own.
 */
public final class AsyncCommits implements TransactionManager {

    private final TransactionManager delegate;
    private final JdbcTemplate jdbc;

    public AsyncCommits(TransactionManager delegate, JdbcTemplate jdbc) {
        this.delegate = delegate;
        this.jdbc = jdbc;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        try {
            jdbc.execute("SET LOCAL synchronous_commit TO off");
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}
