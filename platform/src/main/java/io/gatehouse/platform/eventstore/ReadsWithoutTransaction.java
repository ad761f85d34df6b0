package io.gatehouse.platform.eventstore;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

import java.util.function.Supplier;

/**
 * The event storage engine's transactions, except that its reads open none of their own. A read outside a
 * transaction (the event store's producer waking the tracking processors after each commit, a processor that
 * catches up) then costs its statements only, not a BEGIN and a COMMIT round trip more: one on the way from a
 * command's commit to the projections, and one for the empty read that follows. Nothing is lost by it: every
 * such read is a single statement or statements that need no common snapshot (PostgreSQL's read committed gives
 * each statement its own anyway), and inside a transaction (a command loading its member) the connection
 * provider still hands out that transaction's connection. Writes (appending events, snapshots) keep theirs.
 */
final class ReadsWithoutTransaction implements TransactionManager {

    private final TransactionManager transactions;

    ReadsWithoutTransaction(TransactionManager transactions) {
        this.transactions = transactions;
    }

    @Override
    public Transaction startTransaction() {
        return transactions.startTransaction();
    }

    @Override
    public <T> T fetchInTransaction(Supplier<T> supplier) {
        return supplier.get();
    }
}
