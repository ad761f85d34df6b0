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

    /**
     * The directory refused: trying again will not help. {@code objectMade}: a creation did make its object
     * before a later step was refused, so a retry may find it as its own.
     */
    record Refused(String reason, String code, boolean objectMade) implements PushResult {
        public Refused(String reason, String code) {
            this(reason, code, false);
        }
    }

    /**
     * Throttled, unavailable or timed out: try again after {@code retryAfter} (null: our own backoff). Whether
     * a creation that timed out made its object is unknown, so a retry looks it up first. {@code mayHaveLanded}:
     * the write may still be applied, even after the retry (false when throttled: Graph did not take it).
     */
    record TryAgain(String reason, Duration retryAfter, boolean mayHaveLanded) implements PushResult {
        public TryAgain(String reason, Duration retryAfter) {
            this(reason, retryAfter, true);
        }
    }
}
