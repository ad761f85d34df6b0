package io.gatehouse.sync.saga;

import java.time.Duration;

/** What came of one try to push a change. */
public sealed interface PushResult {

    /** The directory did it; {@code directoryObjectId} is the object concerned (null when unchanged). */
    record Done(String directoryObjectId, String appId) implements PushResult {
        public Done(String directoryObjectId) {
            this(directoryObjectId, null);
        }
    }

    /** The directory made a key; its secret went straight to the one-time store. */
    record KeyMade(String keyId, String hint, java.time.Instant createdAt, java.time.Instant expiresAt)
            implements PushResult {
    }

    /** The directory refused: trying again will not help. */
    record Refused(String reason, String code) implements PushResult {
    }

    /** Throttled, unavailable or timed out: try again after {@code retryAfter} (null: our own backoff). */
    record TryAgain(String reason, Duration retryAfter) implements PushResult {
    }
}
