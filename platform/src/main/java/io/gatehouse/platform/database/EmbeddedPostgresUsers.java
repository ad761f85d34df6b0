package io.gatehouse.platform.database;

import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the running application contexts that use the embedded database. It stops last in each context
 * (lowest phase), after the event processors, so the database is stopped only when nothing needs it.
 */
public class EmbeddedPostgresUsers implements SmartLifecycle {

    private static final AtomicInteger RUNNING = new AtomicInteger();
    private volatile boolean running;

    @Override
    public void start() {
        RUNNING.incrementAndGet();
        running = true;
    }

    @Override
    public void stop() {
        if (running) {
            running = false;
            synchronized (RUNNING) {
                RUNNING.decrementAndGet();
                RUNNING.notifyAll();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }

    /** Waits until no context uses the database any more, or until {@code timeout} has passed. */
    static void awaitNone(Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        synchronized (RUNNING) {
            while (RUNNING.get() > 0 && System.currentTimeMillis() < deadline) {
                try {
                    RUNNING.wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
