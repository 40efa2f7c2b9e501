package io.mycelium;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One call or event as its handler sees it: the params, the meta and headers that travel with it, where
 * it comes from, and the trace it belongs to. A handler calls onward through {@link #call} and
 * {@link #emit}; those calls carry {@code level + 1}, the same {@link #requestId()}, this context's
 * {@link #id()} as their parent, this service as {@link #caller()}, a copy of the meta and the time left
 * before this context's deadline.
 *
 * <p>A context belongs to one handler invocation. {@link #meta()} may be changed by the handler (the
 * changes travel back to the caller with the response, as in Moleculer); everything else is read-only.
 * It is safe to read from other threads once the handler has started.
 */
public interface Context {

    /** The id of this context (the request or event id). */
    String id();

    /** The id of the first request of the chain this context belongs to. */
    String requestId();

    /** The id of the context that made this call, if any. */
    Optional<String> parentId();

    /** The depth of this call in its chain: 1 for a call made outside any handler. */
    int level();

    /**
     * The {@code tracing} flag the call or event came with (whether its trace is sampled), if any: Moleculer
     * sends it when its tracer is on; a tracing middleware reads it.
     */
    default Optional<Boolean> tracing() {
        return Optional.empty();
    }

    /** The node that sent this call or event (this node for a local call). */
    String nodeId();

    /** The full name of the service that made this call, if it was made by a handler. */
    Optional<String> caller();

    /** The full action name, e.g. {@code v2.math.add}, when this context is a call. */
    Optional<String> action();

    /** The event name, when this context is an event. */
    Optional<String> eventName();

    /** The params (or event data) as a JSON tree; {@code NullNode} when none. */
    JsonNode params();

    /** The params converted with Jackson into a record, POJO, map or scalar. */
    <T> T params(Class<T> type);

    /** The params converted with Jackson into a generic type. */
    <T> T params(TypeReference<T> type);

    /** Same as {@link #params()}, reads better in event handlers. */
    default JsonNode data() {
        return params();
    }

    /** Same as {@link #params(Class)}, reads better in event handlers. */
    default <T> T data(Class<T> type) {
        return params(type);
    }

    /** The meta of the call, mutable; values are JSON-compatible (maps, lists, strings, numbers, ...). */
    Map<String, Object> meta();

    /** The headers of the call, read-only. */
    Map<String, Object> headers();

    /**
     * The byte stream the caller sent with this call ({@link CallOptions.Builder#stream}), if any. Read it
     * on the handler's thread; it ends at the caller's end of stream. Its {@code read} methods throw
     * unchecked, typed errors: the caller's own error if its source failed, {@link StreamCancelledException}
     * when the calling node left, {@link StreamIdleTimeoutException} when no data came for the idle timeout,
     * {@link StreamOverflowException} when this handler read too slowly. The stream is closed for the
     * handler once it returns, so read it before (or hand back a stage completed after) reading it.
     */
    default Optional<java.io.InputStream> stream() {
        return Optional.empty();
    }

    /** When the call's deadline passes, if it has one. */
    Optional<Instant> deadline();

    /** The time left before the deadline (zero or negative when passed), if there is a deadline. */
    default Optional<Duration> remaining() {
        return deadline().map(d -> Duration.between(Instant.now(), d));
    }

    /** True when the deadline has passed. */
    default boolean expired() {
        return remaining().map(r -> r.isNegative() || r.isZero()).orElse(false);
    }

    /** The broker running this handler. */
    ServiceBroker broker();

    /** Calls an action onward, in this context's trace, converting the result into {@code type}. */
    <T> CompletableFuture<T> call(String action, @Nullable Object params, Class<T> type);

    /** Calls an action onward with options, in this context's trace. */
    <T> CompletableFuture<T> call(String action, @Nullable Object params, CallOptions options, Class<T> type);

    /** Calls an action onward, in this context's trace, returning the raw JSON result. */
    CompletableFuture<JsonNode> call(String action, @Nullable Object params);

    /**
     * Sends a one-way message onward, in this context's trace: one instance of the action runs it and no
     * reply is awaited (see {@link ServiceBroker#send(String, Object)}).
     */
    CompletableFuture<Void> send(String action, @Nullable Object params);

    /** Emits a balanced event onward, in this context's trace. */
    CompletableFuture<Void> emit(String event, @Nullable Object data);

    /** Emits a balanced event onward with options, in this context's trace. */
    CompletableFuture<Void> emit(String event, @Nullable Object data, EmitOptions options);

    /** Broadcasts an event onward to every handler, in this context's trace. */
    CompletableFuture<Void> broadcast(String event, @Nullable Object data);
}
