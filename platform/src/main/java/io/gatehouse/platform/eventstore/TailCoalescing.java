package io.gatehouse.platform.eventstore;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Paces a thread that reads the event store's tail. Axon's event store wakes its reader on every commit; the reader
 * reads until a read comes back empty (which Axon's JDBC engine follows with a {@code min(global_index)} look-up),
 * and every read wakes the tracking processors, which run a batch (a transaction and a token write) for what they
 * find: at a few commands per millisecond, reads of one or two events each. A read that follows a read which found
 * some new events, but less than a whole batch, waits until {@code interval} has passed since that read, and takes
 * everything committed meanwhile in one batch. A first event after a quiet moment is read at once, and a
 * reader catching up (whole batches) never waits, so only a busy tail gets the added latency (at most the interval).
 */
final class TailCoalescing {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Parking parking;
    /** When this thread's last read found less than a batch of new events (0: it found none, or a whole batch). */
    private final ThreadLocal<long[]> lastTailRead = ThreadLocal.withInitial(() -> new long[1]);

    @FunctionalInterface
    interface Parking {
        void parkNanos(long nanos);
    }

    TailCoalescing(Duration interval) {
        this(interval, System::nanoTime, LockSupport::parkNanos);
    }

    TailCoalescing(Duration interval, LongSupplier nanoTime, Parking parking) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.parking = parking;
    }

    /** Before a read: waits out the rest of the interval if this thread's last read was at a busy tail. */
    void beforeRead() {
        long last = lastTailRead.get()[0];
        if (last == 0) {
            return;
        }
        for (long wait = last + intervalNanos - nanoTime.getAsLong(); wait > 0;
             wait = last + intervalNanos - nanoTime.getAsLong()) {
            parking.parkNanos(wait);
        }
    }

    /** After a read that found {@code found} events of at most {@code batchSize}. */
    void afterRead(int found, int batchSize) {
        lastTailRead.get()[0] = intervalNanos > 0 && found > 0 && found < batchSize ? nanoTime.getAsLong() : 0;
    }
}
