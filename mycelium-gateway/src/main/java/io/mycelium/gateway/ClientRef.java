package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/** A {@link ClientNode} by ID; every request goes through the switchboard. Immutable. */
record ClientRef(Switchboard switchboard, String id) implements ClientNode {

    @Override
    public CompletableFuture<JsonNode> request(String name, Object... args) {
        return switchboard.deliver(
                Switchboard.Kind.CLIENT, id, name, Json.args(args), null, switchboard.requestTimeout(), false);
    }

    @Override
    public CompletableFuture<JsonNode> serverRequest(String to, String name, Object... args) {
        return switchboard.deliver(
                Switchboard.Kind.SERVER, to, name, Json.args(args), id, switchboard.requestTimeout(), false);
    }

    @Override
    public CompletableFuture<JsonNode> remoteClientRequest(String to, String name, Object... args) {
        return switchboard.deliver(
                Switchboard.Kind.REMOTE, to, name, Json.args(args), id, switchboard.requestTimeout(), false);
    }

    @Override
    public String toString() {
        return "client node " + id;
    }
}
