package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's protocol after the upgrade: one JSON message per (reassembled) data frame, text or binary.
 * Sends {@code init}, pings the client, answers its pings, dispatches its requests, completes the requests
 * the gateway sent it. A message it cannot read is answered with a {@code protocol} error and dropped; the
 * connection stays. Runs on the channel's event loop; one instance per channel.
 */
final class SessionHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);

    private static final long INIT_DELAY_MS = 20;

    private final GatewayOptions options;
    private final Switchboard board;
    private final ClientRequests requests;
    private @Nullable ClientSession session;
    private @Nullable ScheduledFuture<?> pinger;
    private @Nullable ScheduledFuture<?> slowReaderCutOff;

    SessionHandler(GatewayOptions options, Switchboard board, ClientRequests requests) {
        this.options = options;
        this.board = board;
        this.requests = requests;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            String id = ctx.channel().attr(HandshakeHandler.CLIENT_ID).get();
            ClientSession s = new ClientSession(id, ctx.channel(), options);
            session = s;
            board.attach(s);
            // init must reach the client in a later read than the 101: amqp-swarm's client attaches its
            // message listener after its 'open' event has resolved a promise, so an init that ws parses in the
            // same read as the handshake is emitted before that listener exists and the client never starts
            // (seen with the npm client; the seed's server always sends init after an await)
            ctx.executor()
                    .schedule(() -> s.send(Json.object().put("type", "init")), INIT_DELAY_MS, TimeUnit.MILLISECONDS);
            long every = options.pingInterval().toMillis();
            pinger = ctx.executor().scheduleAtFixedRate(() -> ping(s), every, every, TimeUnit.MILLISECONDS);
        } else if (evt instanceof IdleStateEvent) {
            LOG.debug("Closing idle connection {}", ctx.channel());
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    private void ping(ClientSession s) {
        s.ping(options.pingInterval()).exceptionally(e -> {
            LOG.info("Client {} did not answer a ping; disconnecting", s.id());
            s.channel().close();
            return null;
        });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        ClientSession s = session;
        if (s == null) {
            return;
        }
        if (!(frame instanceof TextWebSocketFrame) && !(frame instanceof BinaryWebSocketFrame)) {
            return; // control frames are the protocol handler's
        }
        JsonNode message;
        try (ByteBufInputStream in = new ByteBufInputStream(frame.content())) {
            message = Json.MAPPER.readTree((java.io.InputStream) in);
        } catch (IOException | RuntimeException e) {
            s.send(protocolError(NullNode.getInstance(), "Malformed message: not JSON"));
            return;
        }
        if (!(message instanceof ObjectNode m) || !m.path("type").isTextual()) {
            s.send(protocolError(correlationOf(message), "Malformed message: no type"));
            return;
        }
        onMessage(s, m);
    }

    private void onMessage(ClientSession s, ObjectNode m) {
        JsonNode correlationId = correlationOf(m);
        String type = m.get("type").asText();
        switch (type) {
            case "request" -> onRequest(s, m, correlationId);
            case "response" ->
                s.answered(
                        correlationId.asText(),
                        m.path("result").isMissingNode() ? NullNode.getInstance() : m.get("result"));
            case "error" -> s.failed(correlationId.asText(), m);
            case "ping" -> {
                ObjectNode pong = Json.object().put("type", "pong");
                pong.set("correlationId", correlationId);
                s.send(pong);
            }
            case "pong" -> s.answered(correlationId.asText(), NullNode.getInstance());
            case "close" -> s.channel().close();
            case "init" -> {} // only the server sends it; harmless
            default -> s.send(protocolError(correlationId, "Unknown message type '" + type + "'"));
        }
    }

    private void onRequest(ClientSession s, ObjectNode m, JsonNode correlationId) {
        JsonNode name = m.path("name");
        JsonNode args = m.path("args");
        if (!name.isTextual() || correlationId.isNull() || !(args.isMissingNode() || args.isNull() || args.isArray())) {
            s.send(protocolError(
                    correlationId, "Malformed request: needs a string name, a correlationId and an args array"));
            return;
        }
        if (!s.acquire()) {
            s.send(ClientRequests.error(
                    correlationId,
                    ClientRequestException.protocol(
                            "Too many requests in flight (at most " + options.maxInFlight() + ")",
                            null,
                            Json.object().put("maxInFlight", options.maxInFlight()))));
            return;
        }
        ArrayNode list = args instanceof ArrayNode a ? a : Json.array();
        requests.handle(s, name.asText(), list).whenComplete((result, e) -> {
            s.release();
            if (e == null) {
                s.send(ClientRequests.response(correlationId, result == null ? NullNode.getInstance() : result));
            } else {
                s.send(ClientRequests.error(correlationId, Failures.of(e)));
            }
        });
    }

    private static JsonNode correlationOf(JsonNode m) {
        JsonNode c = m.path("correlationId");
        return c.isTextual() || c.isNumber() ? c : NullNode.getInstance();
    }

    private static ObjectNode protocolError(JsonNode correlationId, String message) {
        return ClientRequests.error(
                correlationId, ClientRequestException.protocol(message, null, NullNode.getInstance()));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (!ctx.channel().isWritable()) {
            if (slowReaderCutOff == null) {
                slowReaderCutOff = ctx.executor()
                        .schedule(
                                () -> {
                                    if (!ctx.channel().isWritable()) {
                                        LOG.info("Client {} stopped reading; disconnecting", describe());
                                        ctx.close();
                                    }
                                    slowReaderCutOff = null;
                                },
                                options.slowClientTimeout().toMillis(),
                                TimeUnit.MILLISECONDS);
            }
        } else if (slowReaderCutOff != null) {
            slowReaderCutOff.cancel(false);
            slowReaderCutOff = null;
        }
        super.channelWritabilityChanged(ctx);
    }

    private String describe() {
        ClientSession s = session;
        return s == null ? "(handshaking)" : s.id();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (pinger != null) {
            pinger.cancel(false);
        }
        if (slowReaderCutOff != null) {
            slowReaderCutOff.cancel(false);
        }
        ClientSession s = session;
        if (s != null) {
            board.detach(s);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Closing {} after {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
