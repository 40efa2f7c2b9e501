package io.mycelium.spi;

import io.mycelium.BrokerOptions;
import io.mycelium.ServiceBroker;

/**
 * Makes the broker {@link ServiceBroker.Builder#build()} returns; found through
 * {@link java.util.ServiceLoader}. {@code mycelium-core} provides the one implementation; the interface
 * exists so that the public API does not name the internal broker (no dependency from the API into
 * {@code io.mycelium.internal}). Called on the thread that builds the broker.
 */
public interface BrokerFactory {

    /** A broker with these options, not started yet. */
    ServiceBroker create(BrokerOptions options);
}
