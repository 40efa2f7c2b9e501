package io.mycelium.gateway;

import io.mycelium.ServiceBroker;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A gateway on a broker: programs outside the mesh attach as WebSocket clients speaking amqp-swarm's client
 * protocol, each one a client node addressable by its ID from anywhere in the mesh, or call allowed actions
 * over HTTP in moleculer-web's conventions ({@code /api/<service>/<action>}, aliases, OpenAPI document,
 * health checks, a live mesh page at {@code /}). The gateway registers a
 * {@code $gateway} service on its broker (actions {@code request}, {@code clients}; see docs/gateway.md).
 *
 * <p>Lifecycle: {@link #builder(ServiceBroker)} … {@link Builder#build()} registers the service; register
 * handlers, then {@link #start()} binds the port (the broker may be started before or after);
 * {@link #close()} closes every client's WebSocket (status 1001, without amqp-swarm's {@code close}
 * message, so clients reconnect to a restarted or another gateway) and the listener, unregisters
 * {@code $gateway}, and leaves the broker running. All methods are thread-safe.
 */
public interface Gateway extends AutoCloseable {

    /** A builder for a gateway on {@code broker}. */
    static Builder builder(ServiceBroker broker) {
        return new Builder(Objects.requireNonNull(broker));
    }

    /** Binds the listener; fails with {@link GatewayException} when the port cannot be bound. Idempotent. */
    void start();

    /** The bound port, once started. */
    int port();

    /** The options it runs with. */
    GatewayOptions options();

    /**
     * Adds a handler for client requests named {@code name} (amqp-swarm's {@code node.client.on}); client
     * requests run these before any allowed action of the same name.
     */
    Gateway onClient(String name, RequestHandler handler);

    /** Adds a handler for server requests to any client node held here ({@code node.server.on}). */
    Gateway onServer(String name, RequestHandler handler);

    /** Adds a handler for remote-client requests passing through nodes held here ({@code node.remoteClient.on}). */
    Gateway onRemoteClient(String name, RequestHandler handler);

    /** The node of client {@code id}, wherever it is attached. */
    ClientNode client(String id);

    /** The clients attached to this gateway. */
    List<ClientInfo> clients();

    /** Closes every client and the listener and unregisters {@code $gateway}; the broker keeps running. Idempotent. */
    @Override
    void close();

    /** Collects a gateway's options; not thread-safe. */
    final class Builder {
        private final ServiceBroker broker;
        private GatewayOptions options = GatewayOptions.builder().build();
        private @Nullable HttpAuthorizer authorizer;

        private Builder(ServiceBroker broker) {
            this.broker = broker;
        }

        public Builder options(GatewayOptions options) {
            this.options = Objects.requireNonNull(options);
            return this;
        }

        /** Checks every HTTP API call (after the token, if any); may put the caller's identity in its meta. */
        public Builder authorize(HttpAuthorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer);
            return this;
        }

        /** Builds the gateway and registers its {@code $gateway} service on the broker. */
        public Gateway build() {
            return new NettyGateway(broker, options, authorizer);
        }
    }
}
