package io.mycelium.spring.boot;

import io.mycelium.ServiceBroker;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the starter reports about a broker's health, read from what the broker offers: whether it runs, and
 * who it is. The one place to change when the broker reports more (its own health check), so the Actuator
 * indicator and anything else built on it follow.
 *
 * @param up whether the broker is running (started, not stopped)
 * @param details what the health endpoint shows next to the status
 */
public record BrokerHealth(boolean up, Map<String, Object> details) {

    /** Copies {@code details}. */
    public BrokerHealth {
        details = Map.copyOf(details);
    }

    /** The health of {@code broker} now; thread-safe, does not block. */
    public static BrokerHealth of(ServiceBroker broker) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("nodeId", broker.nodeId());
        details.put("namespace", broker.namespace());
        broker.options().transporterUrl().ifPresent(url -> details.put("transporter", url));
        return new BrokerHealth(broker.running(), details);
    }
}
