package io.mycelium;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link ServiceName} class as an event handler. The method takes the event data type
 * (converted with Jackson) and/or a {@link Context}, and returns {@code void} or a
 * {@link java.util.concurrent.CompletionStage}. When the data type is a record, the event data is validated
 * against it before the method runs and an invalid event is dropped ({@link EventDefinition#withParams}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Event {

    /** The event name or pattern. */
    String value();

    /** The group; empty means the service name. */
    String group() default "";

    /** Only events emitted by these services (full names); empty means any ({@link EventDefinition#fromService}). */
    String[] fromService() default {};

    /** Only events sent by these nodes; empty means any ({@link EventDefinition#fromNode}). */
    String[] fromNode() default {};
}
