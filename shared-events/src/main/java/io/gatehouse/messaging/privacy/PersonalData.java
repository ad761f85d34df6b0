package io.gatehouse.messaging.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A text component of an event that is a person's personal data: the event store keeps it encrypted with a key
 * of that person, so that destroying the key erases it from every stored event (crypto-shredding). The
 * attributes name the components, of this record or of the nearest record that encloses it, that say whose
 * data it is: {@link #person()} a directory object id; {@link #member()} a member id, for people the directory
 * has not made yet (an invitation, a user requested for creation). The first that has a value wins.
 * A new event only needs this annotation on its personal components.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface PersonalData {

    /** The component holding the person's directory object id. */
    String person() default "";

    /** The component holding the member id, when no directory object id is known. */
    String member() default "";

    /**
     * An {@link java.time.Instant} component: the data is kept under a key of the person and that day (UTC), which
     * is destroyed once the day is older than the retention (page visits: 30 days).
     */
    String day() default "";
}
