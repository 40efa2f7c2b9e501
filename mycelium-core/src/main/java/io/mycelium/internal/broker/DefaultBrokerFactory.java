package io.mycelium.internal.broker;

import io.mycelium.BrokerOptions;
import io.mycelium.ServiceBroker;
import io.mycelium.spi.BrokerFactory;

/** Makes {@link DefaultServiceBroker}s; registered for {@link java.util.ServiceLoader}. */
public final class DefaultBrokerFactory implements BrokerFactory {
    @Override
    public ServiceBroker create(BrokerOptions options) {
        return DefaultServiceBroker.create(options);
    }
}
