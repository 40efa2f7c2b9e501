package io.mycelium.internal.broker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.CallOptions;
import io.mycelium.Context;
import io.mycelium.EmitOptions;
import io.mycelium.ServiceBroker;
import io.mycelium.internal.util.Json;
import io.mycelium.internal.validation.ValidatedParams;
import io.mycelium.spi.OutgoingEvent;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The context of one call or event. Local calls hand over the caller's params object as is (no
 * serialization); the JSON tree is made only if a handler asks for it.
 */
final class CallContext implements Context, ValidatedParams {
    private final DefaultServiceBroker broker;
    private final String id;
    private final String nodeId;
    private final CallTrace trace;
    private final @Nullable String action;
    private final @Nullable String eventName;
    private final @Nullable String service;
    private volatile @Nullable Object rawParams;
    private volatile @Nullable JsonNode paramsTree;
    private final Map<String, Object> headers;
    private volatile java.io.@Nullable InputStream stream;

    /**
     * @param nodeId the node that sent the call or event (this one for a local call)
     * @param trace owned by this context from now on: its meta is this context's meta
     */
    CallContext(
            DefaultServiceBroker broker,
            String id,
            String nodeId,
            CallTrace trace,
            @Nullable String action,
            @Nullable String eventName,
            @Nullable String service,
            @Nullable Object params) {
        this.broker = broker;
        this.id = id;
        this.nodeId = nodeId;
        this.trace = trace;
        this.action = action;
        this.eventName = eventName;
        this.service = service;
        this.rawParams = params;
        this.paramsTree = params instanceof JsonNode node ? node : null;
        this.headers = Collections.unmodifiableMap(trace.headers());
    }

    @Override
    public void validated(JsonNode tree, Object value) {
        this.paramsTree = tree;
        this.rawParams = value;
    }

    /** Attaches the byte stream sent with the call. */
    void stream(java.io.InputStream stream) {
        this.stream = stream;
    }

    /** The trace this context came with; calls and events it makes start from it. */
    CallTrace trace() {
        return trace;
    }

    @Override
    public Optional<Boolean> tracing() {
        return Optional.ofNullable(trace.tracing());
    }

    @Override
    public Optional<java.io.InputStream> stream() {
        return Optional.ofNullable(stream);
    }

    long deadlineNanos() {
        return trace.deadlineNanos();
    }

    Optional<String> service() {
        return Optional.ofNullable(service);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String requestId() {
        return trace.requestIdOr(id);
    }

    @Override
    public Optional<String> parentId() {
        return Optional.ofNullable(trace.parentId());
    }

    @Override
    public int level() {
        return trace.level();
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Optional<String> caller() {
        return Optional.ofNullable(trace.caller());
    }

    @Override
    public Optional<String> action() {
        return Optional.ofNullable(action);
    }

    @Override
    public Optional<String> eventName() {
        return Optional.ofNullable(eventName);
    }

    @Override
    public JsonNode params() {
        JsonNode tree = paramsTree;
        if (tree == null) {
            tree = Json.tree(rawParams);
            paramsTree = tree;
        }
        return tree;
    }

    @Override
    public <T> T params(Class<T> type) {
        return Json.convert(rawParams != null ? rawParams : params(), type);
    }

    @Override
    public <T> T params(TypeReference<T> type) {
        return params(Json.MAPPER.getTypeFactory().constructType(type));
    }

    <T> T params(JavaType type) {
        if (rawParams != null
                && !(rawParams instanceof JsonNode)
                && type.getRawClass().isInstance(rawParams)
                && !type.hasGenericTypes()) {
            @SuppressWarnings("unchecked")
            T same = (T) rawParams;
            return same;
        }
        return Json.convert(rawParams != null ? rawParams : params(), type);
    }

    @Override
    public Map<String, Object> meta() {
        return trace.meta();
    }

    @Override
    public Map<String, Object> headers() {
        return headers;
    }

    @Override
    public Optional<Instant> deadline() {
        long deadlineNanos = trace.deadlineNanos();
        if (deadlineNanos == 0) {
            return Optional.empty();
        }
        return Optional.of(Instant.now().plusNanos(deadlineNanos - System.nanoTime()));
    }

    @Override
    public boolean expired() {
        long deadlineNanos = trace.deadlineNanos();
        return deadlineNanos != 0 && deadlineNanos - System.nanoTime() <= 0;
    }

    @Override
    public ServiceBroker broker() {
        return broker;
    }

    @Override
    public <T> CompletableFuture<T> call(String action, @Nullable Object params, Class<T> type) {
        return broker.outbound().call(this, action, params, CallOptions.none()).thenApply(r -> Json.convert(r, type));
    }

    @Override
    public <T> CompletableFuture<T> call(String action, @Nullable Object params, CallOptions options, Class<T> type) {
        return broker.outbound().call(this, action, params, options).thenApply(r -> Json.convert(r, type));
    }

    @Override
    public CompletableFuture<JsonNode> call(String action, @Nullable Object params) {
        return broker.outbound().call(this, action, params, CallOptions.none()).thenApply(Json::tree);
    }

    @Override
    public CompletableFuture<Void> send(String action, @Nullable Object params) {
        return broker.outbound().send(this, action, params, CallOptions.none());
    }

    @Override
    public CompletableFuture<Void> emit(String event, @Nullable Object data) {
        return broker.outbound().emit(this, event, data, EmitOptions.none(), OutgoingEvent.Kind.EMIT);
    }

    @Override
    public CompletableFuture<Void> emit(String event, @Nullable Object data, EmitOptions options) {
        return broker.outbound().emit(this, event, data, options, OutgoingEvent.Kind.EMIT);
    }

    @Override
    public CompletableFuture<Void> broadcast(String event, @Nullable Object data) {
        return broker.outbound().emit(this, event, data, EmitOptions.none(), OutgoingEvent.Kind.BROADCAST);
    }
}
