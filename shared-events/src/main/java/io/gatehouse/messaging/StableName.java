package io.gatehouse.messaging;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name a message is stored under, independent of its Java package and class name, so that code can
 * move without breaking the event store. Once an event has been stored under a name, that name is forever;
 * a changed shape gets a new {@link org.axonframework.serialization.Revision} and an upcaster.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StableName {
    String value();
}
