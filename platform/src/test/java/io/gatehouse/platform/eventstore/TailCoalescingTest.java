package io.gatehouse.platform.eventstore;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class TailCoalescingTest {

    private static final long MS = 1_000_000;

    private long now = 1_000 * MS;
    private final List<Long> waits = new ArrayList<>();
    private final TailCoalescing tail = new TailCoalescing(Duration.ofMillis(5), () -> now, nanos -> {
        waits.add(nanos);
        now += nanos;
    });

    @Test
    void aReadAfterAQuietMomentIsImmediate() {
        tail.beforeRead();

        assertThat(waits).isEmpty();
    }

    @Test
    void aReadRightAfterOneThatFoundAFewEventsWaitsForTheRestOfTheInterval() {
        tail.afterRead(3, 100);
        now += 2 * MS;

        tail.beforeRead();

        assertThat(waits).containsExactly(3 * MS);
    }

    @Test
    void aReadLaterThanTheIntervalDoesNotWait() {
        tail.afterRead(3, 100);
        now += 6 * MS;

        tail.beforeRead();

        assertThat(waits).isEmpty();
    }

    @Test
    void aReadAfterAnEmptyReadDoesNotWaitSoTheFirstEventAfterAQuietMomentIsNotDelayed() {
        tail.afterRead(3, 100);
        tail.afterRead(0, 100);

        tail.beforeRead();

        assertThat(waits).isEmpty();
    }

    @Test
    void aReaderCatchingUpInWholeBatchesNeverWaits() {
        tail.afterRead(100, 100);

        tail.beforeRead();

        assertThat(waits).isEmpty();
    }

    @Test
    void anEarlyWakeUpWaitsAgainForWhatIsLeft() {
        TailCoalescing early = new TailCoalescing(Duration.ofMillis(5), () -> now, nanos -> {
            waits.add(nanos);
            now += nanos / 2 + 1;
        });
        early.afterRead(1, 100);

        early.beforeRead();

        assertThat(waits).hasSizeGreaterThan(1).first().isEqualTo(5 * MS);
        assertThat(now).isGreaterThanOrEqualTo(1_005 * MS);
    }

    @Test
    void eachThreadIsPacedByItsOwnReads() {
        tail.afterRead(3, 100);

        CompletableFuture.runAsync(tail::beforeRead).join();

        assertThat(waits).isEmpty();
    }

    @Test
    void aZeroIntervalNeverWaits() {
        TailCoalescing off = new TailCoalescing(Duration.ZERO, () -> now, waits::add);
        off.afterRead(3, 100);

        off.beforeRead();

        assertThat(waits).isEmpty();
    }
}
