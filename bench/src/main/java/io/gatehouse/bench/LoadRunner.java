package io.gatehouse.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Runs N closed-loop clients (each sends its next request once the previous one is answered) for a fixed time
 * and at most a fixed number of operations, and records each operation's latency in an HdrHistogram.
 */
final class LoadRunner {

    /** The operation ended the client's work (for example, its pool of directory users ran out). */
    static final int DONE = -1;
    static final int FAILED = 0;

    /** One client's loop body; returns a kind (1..3) on success, {@link #FAILED} or {@link #DONE}. */
    interface Client extends AutoCloseable {
        int next() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** What a run measured. Latencies in microseconds. */
    record Result(int clients, long ok, long failed, double seconds, Histogram all, Histogram[] byKind,
                  String firstError) {
        double perSecond() {
            return seconds <= 0 ? 0 : ok / seconds;
        }
    }

    static final int KINDS = 4;

    private LoadRunner() {
    }

    static Histogram histogram() {
        // microseconds, up to 10 minutes, 3 significant digits
        return new Histogram(600_000_000L, 3);
    }

    static Result run(int clients, Duration duration, long maxOps, IntFunction<Client> factory) throws Exception {
        List<Client> loops = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                loops.add(factory.apply(i));
            }
            AtomicLong issued = new AtomicLong();
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicReference<String> firstError = new AtomicReference<>();
            Histogram[] perThread = new Histogram[clients];
            Histogram[][] perThreadKind = new Histogram[clients][KINDS];
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            long[] end = new long[1];
            List<Thread> threads = new ArrayList<>();
            long[] startAt = new long[1];
            for (int i = 0; i < clients; i++) {
                int index = i;
                Histogram h = histogram();
                perThread[i] = h;
                for (int k = 0; k < KINDS; k++) perThreadKind[i][k] = histogram();
                Thread t = new Thread(() -> {
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long deadline = startAt[0] + duration.toNanos();
                    Client client = loops.get(index);
                    while (System.nanoTime() < deadline && issued.incrementAndGet() <= maxOps) {
                        long t0 = System.nanoTime();
                        int kind;
                        try {
                            kind = client.next();
                        } catch (Exception e) {
                            kind = FAILED;
                            firstError.compareAndSet(null, e.getMessage());
                        }
                        long micros = (System.nanoTime() - t0) / 1000;
                        if (kind == DONE) {
                            break;
                        }
                        if (kind == FAILED) {
                            failed.incrementAndGet();
                            continue;
                        }
                        ok.incrementAndGet();
                        h.recordValue(Math.min(micros, h.getHighestTrackableValue()));
                        if (kind > 0 && kind < KINDS) {
                            perThreadKind[index][kind].recordValue(Math.min(micros, h.getHighestTrackableValue()));
                        }
                    }
                }, "bench-client-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            ready.await();
            startAt[0] = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                // bounded: each loop stops at its deadline; a request in flight times out after Http.TIMEOUT
                t.join(duration.toMillis() + Http.TIMEOUT.toMillis() + 10_000);
            }
            end[0] = System.nanoTime();
            Histogram all = histogram();
            for (Histogram h : perThread) all.add(h);
            Histogram[] byKind = new Histogram[KINDS];
            for (int k = 0; k < KINDS; k++) {
                byKind[k] = histogram();
                for (int i = 0; i < clients; i++) byKind[k].add(perThreadKind[i][k]);
            }
            return new Result(clients, ok.get(), failed.get(), (end[0] - startAt[0]) / 1e9, all, byKind,
                    firstError.get());
        } finally {
            for (Client loop : loops) {
                try {
                    loop.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
        }
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
