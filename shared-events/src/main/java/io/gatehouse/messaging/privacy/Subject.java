package io.gatehouse.messaging.privacy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Whose key encrypts a personal value, as stored in the key table: {@code person:<object id>},
 * {@code member:<member id>} or {@code visits:<object id>:<day>}. Ids only: no personal data.
 */
public record Subject(String name, Instant expiresAt) {

    public static Subject person(String directoryObjectId) {
        return new Subject("person:" + directoryObjectId, null);
    }

    public static Subject member(String memberId) {
        return new Subject("member:" + memberId, null);
    }

    /** The beginning of the names of every day key of the person's page visits. */
    public static String visitsPrefix(String directoryObjectId) {
        return "visits:" + directoryObjectId + ":";
    }

    /** How long page visits are kept: the product promises 30 days. */
    public static final int VISIT_RETENTION_DAYS = 30;

    /** Visits of one day: the key expires at the end of the day that is {@value #VISIT_RETENTION_DAYS} days later. */
    public static Subject visits(String directoryObjectId, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return new Subject(visitsPrefix(directoryObjectId) + day,
                day.plusDays(VISIT_RETENTION_DAYS + 1L).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
