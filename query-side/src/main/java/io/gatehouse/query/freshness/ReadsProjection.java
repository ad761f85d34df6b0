package io.gatehouse.query.freshness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The projection a controller answers from: {@code Gatehouse-Min-Position} waits for this one. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReadsProjection {
    /** The projections whose position a query waits for. */
    String[] value();
}
