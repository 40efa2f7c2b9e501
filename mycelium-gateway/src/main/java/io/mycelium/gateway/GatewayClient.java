package io.mycelium.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A Java client of a gateway, on the amqp-swarm client protocol (the JDK's WebSocket): sends requests,
 * answers the gateway's requests with handlers, receives subscribed events. No reconnection: a closed client
 * stays closed ({@link #closed()} completes).
 *
 * <p>Thread-safe. Handlers and event listeners run on virtual threads; every future completes, with the
 * answer or a {@link ClientRequestException} ({@code protocol}/{@code timeout} after the request timeout,
 * {@code protocol} when the connection closes first).
 */
public final class GatewayClient implements AutoCloseable {

    /** Answers a request the gateway sent this client; may block; a thrown exception answers an error. */
    @FunctionalInterface
    public interface Handler {
        @Nullable
        Object handle(ArrayNode args) throws Exception;
    }

    /** One JDK client (one selector thread) for every connection of this JVM. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Duration requestTimeout;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Consumer<ClientEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final CompletableFuture<Void> init = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Object sendLock = new Object();
    private @Nullable WebSocket socket;

    private GatewayClient(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /** Connects to {@code uri} (e.g. {@code ws://127.0.0.1:8080/alice}) and waits for the gateway's init. */
    public static GatewayClient connect(URI uri) {
        return connect(uri, Map.of(), Duration.ofSeconds(10));
    }

    /**
     * Connects with extra handshake headers (e.g. {@code Authorization}) and a request timeout; fails with
     * {@link java.util.concurrent.CompletionException} when the upgrade is refused or no init arrives within
     * ten seconds.
     */
    public static GatewayClient connect(URI uri, Map<String, String> headers, Duration requestTimeout) {
        GatewayClient c = new GatewayClient(requestTimeout);
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        c.socket = b.buildAsync(uri, c.new Listener()).join();
        try {
            c.init.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            c.close();
            throw new java.util.concurrent.CompletionException("no init from " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new java.util.concurrent.CompletionException(e);
        }
        return c;
    }

    /** Sends a request ({@code args} any values Jackson can write). */
    public CompletableFuture<JsonNode> request(String name, Object... args) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        String id = "c" + sequence.incrementAndGet();
        pending.put(id, result);
        ObjectNode m = Json.object().put("type", "request").put("name", name);
        m.set("args", Json.args(args));
        m.put("correlationId", id);
        CompletableFuture.delayedExecutor(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    if (pending.remove(id, result)) {
                        result.completeExceptionally(ClientRequestException.timeout());
                    }
                });
        send(m);
        return result;
    }

    /** Handles requests named {@code name} from the gateway (one handler per name; the last one set wins). */
    public GatewayClient on(String name, Handler handler) {
        handlers.put(name, handler);
        return this;
    }

    /** Receives every event this client is subscribed to. */
    public GatewayClient onEvent(Consumer<ClientEvent> listener) {
        listeners.add(listener);
        return this;
    }

    /** Subscribes to events matching these patterns; completes with the client's subscriptions. */
    public CompletableFuture<JsonNode> subscribe(String... patterns) {
        return request("$gateway.subscribe", (Object[]) patterns);
    }

    /** Emits an event into the mesh (balanced to one handler per group). */
    public CompletableFuture<JsonNode> emit(String event, @Nullable Object data) {
        return request("$gateway.emit", event, Json.tree(data));
    }

    /** Sends one raw text frame, as is (for tests of malformed input). */
    public void sendRaw(String text) {
        WebSocket ws = Objects.requireNonNull(socket);
        synchronized (sendLock) {
            ws.sendText(text, true).join();
        }
    }

    /** Completes when the connection is closed (by either side). */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            try {
                synchronized (sendLock) {
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                ws.abort();
            }
        }
        finish();
    }

    private void finish() {
        closed.complete(null);
        init.completeExceptionally(new IllegalStateException("closed"));
        for (String key : new ArrayList<>(pending.keySet())) {
            CompletableFuture<JsonNode> f = pending.remove(key);
            if (f != null) {
                f.completeExceptionally(
                        ClientRequestException.protocol("Connection closed", null, NullNode.getInstance()));
            }
        }
        executor.shutdown();
    }

    private void send(ObjectNode message) {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed()) {
            return;
        }
        String text = Json.write(message);
        synchronized (sendLock) {
            // the JDK allows one outstanding send; waiting here keeps frames whole and in order
            ws.sendText(text, true).join();
        }
    }

    private void onMessage(String text) {
        JsonNode m;
        try {
            m = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return;
        }
        String type = m.path("type").asText("");
        String cid = m.path("correlationId").asText("");
        switch (type) {
            case "init" -> init.complete(null);
            case "ping" -> send(Json.object().put("type", "pong").put("correlationId", cid));
            case "response" ->
                complete(cid, m.path("result").isMissingNode() ? NullNode.getInstance() : m.get("result"));
            case "error" -> fail(cid, m);
            case "request" -> executor.execute(() -> answer(m, cid));
            case "x-event" -> {
                ClientEvent ev = new ClientEvent(
                        m.path("name").asText(),
                        m.path("data").isMissingNode() ? NullNode.getInstance() : m.get("data"),
                        m.path("sender").asText(""));
                listeners.forEach(l -> executor.execute(() -> l.accept(ev)));
            }
            case "close" -> close();
            default -> {}
        }
    }

    private void complete(String cid, JsonNode result) {
        CompletableFuture<JsonNode> f = pending.remove(cid);
        if (f != null) {
            f.complete(result);
        }
    }

    private void fail(String cid, JsonNode m) {
        CompletableFuture<JsonNode> f = pending.remove(cid);
        if (f != null) {
            JsonNode sub = m.path("errorSubtype");
            f.completeExceptionally(ClientRequestException.of(
                    m.path("message").asText(""),
                    m.path("errorType").asText(ClientRequestException.PROTOCOL),
                    sub.isTextual() ? sub.asText() : null,
                    m.path("data").isMissingNode() ? NullNode.getInstance() : m.get("data")));
        }
    }

    private void answer(JsonNode m, String cid) {
        String name = m.path("name").asText("");
        ArrayNode args = m.path("args") instanceof ArrayNode a ? a : Json.array();
        Handler h = handlers.get(name);
        ClientRequestException error;
        if (h == null) {
            error = ClientRequestException.unhandled(name);
        } else {
            try {
                ObjectNode r = Json.object().put("type", "response").put("correlationId", cid);
                r.set("result", Json.tree(h.handle(args)));
                send(r);
                return;
            } catch (Exception e) {
                error = Failures.of(e);
            }
        }
        ObjectNode r = ClientRequests.error(Json.tree(cid), error);
        send(r);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final List<ByteBuffer> binary = new ArrayList<>();

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String t = text.toString();
                text.setLength(0);
                onMessage(t);
            }
            ws.request(1);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
            binary.add(copy);
            if (last) {
                int size = binary.stream().mapToInt(ByteBuffer::remaining).sum();
                ByteBuffer all = ByteBuffer.allocate(size);
                binary.forEach(all::put);
                binary.clear();
                onMessage(new String(all.array(), StandardCharsets.UTF_8));
            }
            ws.request(1);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            finish();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            finish();
        }
    }
}
