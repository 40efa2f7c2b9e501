package io.mycelium.spi;

import java.util.List;

/**
 * The services a jar offers to a node it does not start itself, such as {@code mycelium node --classpath
 * app.jar} (Moleculer's runner loading a services folder). Listed in the jar's
 * {@code META-INF/services/io.mycelium.spi.ServiceProvider} and found with {@link java.util.ServiceLoader}
 * when no service class is named on the command line.
 *
 * <p>Implementations have a public no-argument constructor. {@link #services()} is called once, on the
 * thread that builds the node, before it starts.
 */
public interface ServiceProvider {

    /**
     * The services to register, in order: each an {@link io.mycelium.Service}, a
     * {@link io.mycelium.Service.Builder}, or an object of a class annotated with
     * {@link io.mycelium.ServiceName} (as {@link io.mycelium.ServiceBroker#register(Object)} takes them).
     */
    List<?> services();
}
