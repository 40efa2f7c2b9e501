package io.mycelium.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.BrokerHealth;
import io.mycelium.ServiceBroker;
import java.util.function.BooleanSupplier;

/**
 * The answers of {@code /health/live} and {@code /health/ready}, for container orchestrators. Live: the
 * gateway's event loop answers. Ready: the broker is ready ({@link ServiceBroker#health()}: started,
 * services started, transporter connected, not stopping; its reasons are in the body when not), this
 * gateway's {@code $gateway} service is in the mesh, and the listener is bound.
 */
final class GatewayHealth {
    /** A verdict and its JSON body ({@code {status: "UP"|"DOWN", checks: {...}}}). */
    record Status(boolean up, ObjectNode body) {}

    private final ServiceBroker broker;
    private final BooleanSupplier listening;

    GatewayHealth(ServiceBroker broker, BooleanSupplier listening) {
        this.broker = broker;
        this.listening = listening;
    }

    Status live() {
        ObjectNode body = Json.object().put("status", "UP");
        body.put("nodeID", broker.nodeId());
        return new Status(true, body);
    }

    Status ready() {
        BrokerHealth health = broker.health();
        boolean running = health.ready();
        boolean service = broker.running() && broker.serviceEnabled(Switchboard.SERVICE);
        boolean bound = listening.getAsBoolean();
        boolean up = running && service && bound;
        ObjectNode body = Json.object().put("status", up ? "UP" : "DOWN");
        body.put("nodeID", broker.nodeId());
        ObjectNode checks = body.putObject("checks");
        checks.put("broker", running ? "UP" : "DOWN");
        if (!health.reasons().isEmpty()) {
            health.reasons().forEach(body.putArray("reasons")::add);
        }
        checks.put("services", service ? "UP" : "DOWN");
        checks.put("listener", bound ? "UP" : "DOWN");
        return new Status(up, body);
    }
}
