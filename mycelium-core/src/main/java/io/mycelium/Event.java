package io.mycelium;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link ServiceName} class as an event handler. The method takes the event data type
 * (converted with Jackson) and/or a {@link Context}, and returns {@code void} or a
 * {@link java.util.concurrent.CompletionStage}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Event {

    /** The event name or pattern. */
    String value();

    /** The group; empty means the service name. */
    String group() default "";
}
