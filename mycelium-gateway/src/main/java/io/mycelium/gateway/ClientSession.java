package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attached client: its WebSocket channel, the requests the gateway sent it and awaits (each ends
 * exactly once: whoever removes it from {@code pending} completes it), its requests in flight, its event
 * subscriptions. Thread-safe: messages arrive on the channel's event loop, requests to the client come
 * from any thread.
 */
final class ClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    private static final long HARD_LIMIT_FACTOR = 16;
    static final int MAX_SUBSCRIPTIONS = 100;

    private final String id;
    private final Channel channel;
    private final Instant since;
    private final GatewayOptions options;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Subscribed patterns, compiled once: events are matched against them for every client. */
    private final Map<String, java.util.regex.Pattern> subscriptions = new java.util.concurrent.ConcurrentHashMap<>();

    private volatile boolean closed;

    ClientSession(String id, Channel channel, GatewayOptions options) {
        this.id = id;
        this.channel = channel;
        this.options = options;
        this.since = Instant.now();
    }

    String id() {
        return id;
    }

    Instant since() {
        return since;
    }

    Channel channel() {
        return channel;
    }

    String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }

    ClientInfo info(String gateway) {
        return new ClientInfo(id, gateway, since, remoteAddress());
    }

    /** Takes one in-flight slot; false when the client already has the maximum. */
    boolean acquire() {
        if (inFlight.incrementAndGet() > options.maxInFlight()) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        inFlight.decrementAndGet();
    }

    List<String> subscriptions() {
        return subscriptions.keySet().stream().sorted().toList();
    }

    /** Adds a subscription; false when the client already has the maximum. */
    boolean subscribe(String pattern) {
        if (subscriptions.size() >= MAX_SUBSCRIPTIONS && !subscriptions.containsKey(pattern)) {
            return false;
        }
        subscriptions.computeIfAbsent(pattern, Patterns::compile);
        return true;
    }

    void unsubscribe(String pattern) {
        subscriptions.remove(pattern);
    }

    void unsubscribeAll() {
        subscriptions.clear();
    }

    boolean subscribedTo(String event) {
        for (java.util.regex.Pattern p : subscriptions.values()) {
            if (p.matcher(event).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes one message. A client whose queue already holds sixteen times the high water mark is cut off at
     * once (it stopped reading long ago; a burst to a client that reads stays below); between the marks {@link SessionHandler} gives it
     * {@link GatewayOptions#slowClientTimeout()} to catch up.
     */
    void send(ObjectNode message) {
        if (!admits()) {
            return;
        }
        // straight into a pooled buffer: no intermediate String and no unpooled copy per message
        ByteBuf buf = channel.alloc().buffer(256);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            Json.MAPPER.writeValue((OutputStream) out, message);
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw new IllegalStateException("cannot write JSON", e);
        }
        write(new TextWebSocketFrame(buf));
    }

    /** Writes one message already in JSON (an event written once for every subscriber). */
    void send(String json) {
        if (admits()) {
            write(new TextWebSocketFrame(json));
        }
    }

    /** Whether a message may be queued now; cuts off a client that stopped reading long ago. */
    private boolean admits() {
        if (closed || !channel.isActive()) {
            return false;
        }
        if (!channel.isWritable()
                && channel.bytesBeforeWritable() > HARD_LIMIT_FACTOR * options.writeBufferHighWaterMark()) {
            LOG.info("Client {} does not read: {} bytes queued, disconnecting", id, channel.bytesBeforeWritable());
            channel.close();
            return false;
        }
        return true;
    }

    private void write(TextWebSocketFrame frame) {
        channel.writeAndFlush(frame).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    /** Sends a request to the client; the future fails with a typed error on timeout or disconnect. */
    CompletableFuture<JsonNode> request(String name, ArrayNode args, Duration timeout) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(gone());
            return result;
        }
        if (pending.size() >= options.maxInFlight()) {
            // the client does not answer as fast as the mesh asks: refuse rather than queue without bound
            result.completeExceptionally(ClientRequestException.protocol(
                    "Client '" + id + "' has too many requests pending",
                    null,
                    Json.object().put("client", id)));
            return result;
        }
        String correlationId = "g" + sequence.incrementAndGet();
        pending.put(correlationId, result);
        ObjectNode m = Json.object().put("type", "request").put("name", name);
        m.set("args", args);
        m.put("correlationId", correlationId);
        expireLater(correlationId, result, timeout);
        send(m);
        return result;
    }

    /** Pings the client; the future completes on its pong. */
    CompletableFuture<JsonNode> ping(Duration timeout) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        String correlationId = "p" + sequence.incrementAndGet();
        pending.put(correlationId, result);
        expireLater(correlationId, result, timeout);
        send(Json.object().put("type", "ping").put("correlationId", correlationId));
        return result;
    }

    private void expireLater(String correlationId, CompletableFuture<JsonNode> result, Duration timeout) {
        ScheduledFuture<?> timer = channel.eventLoop()
                .schedule(
                        () -> {
                            if (pending.remove(correlationId, result)) {
                                result.completeExceptionally(ClientRequestException.timeout());
                            }
                        },
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> timer.cancel(false));
    }

    /** A {@code response} (or {@code pong}) arrived. */
    void answered(String correlationId, JsonNode result) {
        CompletableFuture<JsonNode> f = pending.remove(correlationId);
        if (f != null) {
            f.complete(result);
        }
    }

    /** An {@code error} arrived. */
    void failed(String correlationId, JsonNode message) {
        CompletableFuture<JsonNode> f = pending.remove(correlationId);
        if (f != null) {
            JsonNode sub = message.path("errorSubtype");
            JsonNode data = message.path("data");
            f.completeExceptionally(ClientRequestException.of(
                    message.path("message").asText(""),
                    message.path("errorType").asText(ClientRequestException.PROTOCOL),
                    sub.isTextual() ? sub.asText() : null,
                    data.isMissingNode() ? NullNode.getInstance() : data));
        }
    }

    /** Tells the client to go away and not reconnect (amqp-swarm's {@code close}), then closes. */
    void closeByServer() {
        if (!closed && channel.isActive()) {
            channel.writeAndFlush(new TextWebSocketFrame("{\"type\":\"close\"}"))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    /**
     * The gateway is going away: closes with 1001 and no {@code close} message, so the client reconnects
     * (to this gateway restarted, or another one).
     */
    void closeGoingAway() {
        channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** The channel closed: every request still awaiting the client fails. */
    void closed() {
        closed = true;
        for (String key : List.copyOf(pending.keySet())) {
            CompletableFuture<JsonNode> f = pending.remove(key);
            if (f != null) {
                f.completeExceptionally(gone());
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    private ClientRequestException gone() {
        return ClientRequestException.protocol(
                "Client '" + id + "' disconnected", null, Json.object().put("client", id));
    }

    @Override
    public String toString() {
        return "client " + id + " at " + remoteAddress();
    }
}
