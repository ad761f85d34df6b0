package io.gatehouse.sync.saga;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Capped exponential backoff for pushes that the directory throttled or could not take, and how long a write that
 * got no answer may take to land ({@code late-write-window}): the time after which directory sync looks again.
 */
@Component
public class RetryPolicy {

    static final Duration DEFAULT_LATE_WRITE_WINDOW = Duration.ofMinutes(2);

    private final Duration firstDelay;
    private final Duration maxDelay;
    private final int maxAttempts;
    private final Duration lateWriteWindow;

    @Autowired
    public RetryPolicy(@Value("${gatehouse.directory.retry.first-delay}") Duration firstDelay,
                       @Value("${gatehouse.directory.retry.max-delay}") Duration maxDelay,
                       @Value("${gatehouse.directory.retry.max-attempts}") int maxAttempts,
                       @Value("${gatehouse.directory.retry.late-write-window:PT2M}") Duration lateWriteWindow) {
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.maxAttempts = maxAttempts;
        this.lateWriteWindow = lateWriteWindow;
    }

    public RetryPolicy(Duration firstDelay, Duration maxDelay, int maxAttempts) {
        this(firstDelay, maxDelay, maxAttempts, DEFAULT_LATE_WRITE_WINDOW);
    }

    /** How long after a write that got no answer it may still land; late duplicates are looked for after it. */
    public Duration lateWriteWindow() {
        return lateWriteWindow;
    }

    /** How long to wait before try number {@code attempt + 1}; the directory's Retry-After wins when it gave one. */
    public Duration delay(int attempt, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter;
        }
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration backoff = firstDelay.multipliedBy(factor);
        return backoff.compareTo(maxDelay) > 0 ? maxDelay : backoff;
    }

    public boolean givesUp(int attempt) {
        return attempt >= maxAttempts;
    }

    public int maxAttempts() {
        return maxAttempts;
    }
}
