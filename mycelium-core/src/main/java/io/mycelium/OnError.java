package io.mycelium;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link ServiceName} class as a hook run when the call failed; it takes the {@link Throwable} (and optionally the {@link Context} first) and returns a value to recover, or throws. See {@link ActionHooks} for the order.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnError {

    /** The short names of the actions it applies to; empty (the default) for every action of the service. */
    String[] value() default {};
}
