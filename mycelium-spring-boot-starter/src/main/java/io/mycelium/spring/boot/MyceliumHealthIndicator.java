package io.mycelium.spring.boot;

import io.mycelium.ServiceBroker;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** The Actuator {@code mycelium} health component: UP while the broker runs, with {@link BrokerHealth}'s details. */
public final class MyceliumHealthIndicator extends AbstractHealthIndicator {

    private final ServiceBroker broker;

    /** Reports on {@code broker}. */
    public MyceliumHealthIndicator(ServiceBroker broker) {
        super("Mycelium health check failed");
        this.broker = broker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        BrokerHealth health = BrokerHealth.of(broker);
        (health.up() ? builder.up() : builder.down()).withDetails(health.details());
    }
}
