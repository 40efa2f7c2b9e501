package io.mycelium.transport.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Picks which node of a {@link MeshExtension} a {@code ServiceBroker} test parameter receives, by the name
 * given to {@link MeshExtension#node}. Without it, the n-th {@code ServiceBroker} parameter receives the
 * n-th declared node.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface MeshNode {

    /** The node's name as declared with {@link MeshExtension#node}. */
    String value();
}
