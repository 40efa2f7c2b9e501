package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/**
 * A client's node, addressed by its ID wherever in the mesh the client is attached (here, on another
 * gateway, or nowhere yet). Obtained from {@link Gateway#client(String)}; cheap, immutable, thread-safe.
 * Every future completes: with the answer, or with a {@link ClientRequestException} ({@code protocol} /
 * {@code unhandled} when no gateway holds the client, {@code protocol} / {@code timeout} when it does not
 * answer within the gateway's request timeout, {@code endpoint} when its handler failed).
 */
public interface ClientNode {

    /** The client ID. */
    String id();

    /** Sends a {@code request} to the attached client itself (amqp-swarm's {@code node.client.send}). */
    CompletableFuture<JsonNode> request(String name, Object... args);

    /**
     * A server request from this node to node {@code to}: handled by the {@link Gateway#onServer} handlers
     * of the gateway holding {@code to} (amqp-swarm's {@code node.server.send}).
     */
    CompletableFuture<JsonNode> serverRequest(String to, String name, Object... args);

    /**
     * A remote-client request from this node to the client of node {@code to}: it passes through that
     * node's {@link Gateway#onRemoteClient} handlers, which may edit the args or answer directly
     * (amqp-swarm's {@code node.remoteClient.send}).
     */
    CompletableFuture<JsonNode> remoteClientRequest(String to, String name, Object... args);
}
