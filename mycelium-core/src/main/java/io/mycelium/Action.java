package io.mycelium;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link ServiceName} class as an action. The method takes a params type (record,
 * POJO, {@code Map}, {@code JsonNode} or scalar, converted with Jackson) and/or a {@link Context}, in any
 * order, and returns a value, {@code void} or a {@link java.util.concurrent.CompletionStage}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Action {

    /** The action name; empty means the method name. */
    String name() default "";

    /** The action's own timeout in milliseconds; 0 means the broker default. */
    long timeout() default 0;
}
