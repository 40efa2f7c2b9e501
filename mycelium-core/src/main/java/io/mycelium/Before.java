package io.mycelium;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link ServiceName} class as a hook run before the handler; it takes a {@link Context} or nothing and returns nothing. See {@link ActionHooks} for the order.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Before {

    /** The short names of the actions it applies to; empty (the default) for every action of the service. */
    String[] value() default {};
}
