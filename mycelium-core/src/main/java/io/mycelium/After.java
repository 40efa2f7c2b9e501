package io.mycelium;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link ServiceName} class as a hook run after the handler succeeded; it takes the result (and optionally the {@link Context} first) and returns the result to send on (a {@code void} method keeps the result). See {@link ActionHooks} for the order.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface After {

    /** The short names of the actions it applies to; empty (the default) for every action of the service. */
    String[] value() default {};
}
