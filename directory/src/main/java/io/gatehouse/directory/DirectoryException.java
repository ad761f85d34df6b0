package io.gatehouse.directory;

import java.time.Duration;

/**
 * The directory refused or could not do what was asked. {@link Reason} says whether trying again can help;
 * the message is the directory's own reason, fit to show to a Manager, and never holds a secret.
 */
public class DirectoryException extends RuntimeException {

    public enum Reason {
        /** Another object has the same unique value (userPrincipalName, identifierUris, mailNickname). */
        CONFLICT,
        /** The object does not exist (any more). */
        NOT_FOUND,
        /** The app registration lacks the rights in this tenant. */
        FORBIDDEN,
        /** Throttled (429): try again after {@link #retryAfter()}. */
        THROTTLED,
        /** 5xx or a timeout: try again later. */
        UNAVAILABLE,
        /** A delta link the directory no longer knows (410): start over with a full sync. */
        EXPIRED,
        /** Any other refusal: trying again will not help. */
        REJECTED;

        public boolean isTransient() {
            return this == THROTTLED || this == UNAVAILABLE;
        }
    }

    private final Reason reason;
    private final String code;
    private final Duration retryAfter;

    public DirectoryException(Reason reason, String code, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public DirectoryException(Reason reason, String code, String message) {
        this(reason, code, message, null, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The directory's error code, such as {@code Request_BadRequest}; may be null. */
    public String code() {
        return code;
    }

    /** How long the directory asked us to wait; null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
