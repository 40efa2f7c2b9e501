package io.mycelium.cli;

import io.mycelium.gateway.Gateway;
import java.util.List;

/**
 * The demo's remote-client handlers ({@code mycelium gateway --services demo}): what a request from one client
 * to another ({@code $gateway.request [clientId, name, ...args]}) can meet on the recipient's gateway. They
 * show both ends of amqp-swarm's {@code ctx.pass}.
 */
final class DemoGatewayHandlers {
    private DemoGatewayHandlers() {}

    /** Registers {@code stamp} and {@code whereis} on {@code gateway}, whose node is {@code nodeId}. */
    static void register(Gateway gateway, String nodeId) {
        // pass (the default): the recipient client gets the edited args and answers
        gateway.onRemoteClient(
                "stamp",
                ctx -> List.of(ctx.result().path(0).asText() + " (stamped by " + nodeId + " for "
                        + ctx.sender().orElse("?") + ")"));
        // no pass: the recipient's gateway answers for it, the client never sees the request
        gateway.onRemoteClient("whereis", ctx -> {
            ctx.pass(false);
            return ctx.node().id() + " is attached to " + nodeId;
        });
    }
}
