package io.mycelium;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a plain class as a service for {@link ServiceBroker#register(Object)}. Its {@link Action},
 * {@link Event}, {@link Started} and {@link Stopped} methods are found once, at registration.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ServiceName {

    /** The service name. */
    String value();

    /** The version: digits make a numeric version ({@code v2.math}); empty means none. */
    String version() default "";
}
