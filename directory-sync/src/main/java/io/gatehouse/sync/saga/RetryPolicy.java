package io.gatehouse.sync.saga;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Capped exponential backoff for pushes that the directory throttled or could not take. */
@Component
public class RetryPolicy {

    private final Duration firstDelay;
    private final Duration maxDelay;
    private final int maxAttempts;

    public RetryPolicy(@Value("${gatehouse.directory.retry.first-delay}") Duration firstDelay,
                       @Value("${gatehouse.directory.retry.max-delay}") Duration maxDelay,
                       @Value("${gatehouse.directory.retry.max-attempts}") int maxAttempts) {
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.maxAttempts = maxAttempts;
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
