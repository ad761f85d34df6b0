package io.gatehouse.app;

import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store's reads open no transaction of their own (the producer that wakes the projections saves a
 * round trip per commit), yet a read inside a transaction still goes through that transaction's connection: a
 * command sees what its own transaction did, and no one else sees it before the commit.
 */
class EventStoreReadsTest extends GatehouseIntegrationTest {

    private final Person owner = TestTokens.person("Rita Reader", TestTokens.newTenant());

    @Autowired
    EventStorageEngine storage;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aReadInsideATransactionSeesItsUncommittedWorkAndOthersDoNot() throws Exception {
        String accountId = createAccount(owner);
        String memberId = add(owner, accountId, "users", roles("DEVELOPER"),
                directoryUser(owner, accountId, "Read Member")).get(0);
        assertThat(storage.readEvents(memberId).asStream().count()).isPositive();

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            // the member's events gone, in this transaction only; it is rolled back below
            jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ?", memberId);

            assertThat(storage.readEvents(memberId).asStream().count()).isZero();
            assertThat(storage.lastSequenceNumberFor(memberId)).isEmpty();
            long elsewhere = CompletableFuture.supplyAsync(() -> storage.readEvents(memberId).asStream().count()).join();
            assertThat(elsewhere).isPositive();
            status.setRollbackOnly();
        });

        assertThat(storage.readEvents(memberId).asStream().count()).isPositive();
    }

    @Test
    void aTrackingReadOutsideATransactionSeesWhatIsCommitted() {
        createAccount(owner);
        long position = lastPosition;
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(null, false)) {
            List<Long> positions = events.map(event -> event.trackingToken().position().orElse(-1))
                    .filter(p -> p >= position).limit(1).toList();
            assertThat(positions).containsExactly(position);
        }
    }
}
