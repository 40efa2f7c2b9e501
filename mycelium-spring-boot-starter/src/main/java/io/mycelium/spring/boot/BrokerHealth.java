package io.mycelium.spring.boot;

import io.mycelium.ServiceBroker;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the starter reports about a broker's health: {@link ServiceBroker#health()}'s readiness (started,
 * services started, transporter connected) with its reasons, and who the broker is. The Actuator indicator
 * and anything else built on it read this.
 *
 * @param up whether the broker is ready
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
        broker.options().transporterUrl().ifPresent(url -> details.put("transporter", withoutSecrets(url)));
        io.mycelium.BrokerHealth health = broker.health();
        details.put("state", health.state());
        if (!health.reasons().isEmpty()) {
            details.put("reasons", health.reasons());
        }
        return new BrokerHealth(health.ready(), details);
    }

    /**
     * The scheme, host and port of a transporter URL: a health endpoint is often public, and user info and
     * query parameters carry passwords, tokens and keys.
     */
    static String withoutSecrets(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return "(unparsable)";
        }
        String rest = url.substring(schemeEnd + 3);
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        return url.substring(0, schemeEnd + 3) + authority.substring(at + 1);
    }
}
