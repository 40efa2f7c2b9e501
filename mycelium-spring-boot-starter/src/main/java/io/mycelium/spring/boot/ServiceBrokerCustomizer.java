package io.mycelium.spring.boot;

import io.mycelium.ServiceBroker;

/**
 * Adjusts the broker builder after the {@code mycelium.*} properties were applied: for settings that are
 * objects rather than text (a {@link io.mycelium.spi.Transporter} instance, a strategy, an executor,
 * metadata). Every bean of this type is applied, in {@link org.springframework.core.annotation.Order}.
 * Called once, on the thread that creates the broker bean.
 */
@FunctionalInterface
public interface ServiceBrokerCustomizer {

    /** Changes {@code builder}; the broker is built from it afterwards. */
    void customize(ServiceBroker.Builder builder);
}
