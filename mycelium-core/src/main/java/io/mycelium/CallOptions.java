package io.mycelium;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Flow;

/**
 * Options of one call: timeout, retries, a target node, meta and headers, a byte stream to send, and the
 * fault-tolerance settings of this call (retry policy, hedging, fallback).
 * Immutable and thread-safe; built with {@link #builder()}. Options that carry a {@link #stream()} are for
 * one call only, since the call consumes the stream.
 */
public final class CallOptions {
    private static final CallOptions NONE = builder().build();

    private final Optional<Duration> timeout;
    private final OptionalInt retries;
    private final Optional<String> nodeId;
    private final Map<String, Object> meta;
    private final Map<String, Object> headers;
    private final Optional<InputStream> stream;
    private final Optional<RetryPolicy> retryPolicy;
    private final Optional<Duration> hedgeAfter;
    private final Optional<Fallback> fallback;
    private final Optional<String> requestId;
    private final Optional<String> parentId;
    private final Optional<Boolean> tracing;

    private CallOptions(Builder b) {
        this.timeout = Optional.ofNullable(b.timeout);
        this.retries = b.retries < 0 ? OptionalInt.empty() : OptionalInt.of(b.retries);
        this.nodeId = Optional.ofNullable(b.nodeId);
        this.meta = Map.copyOf(b.meta);
        this.headers = Map.copyOf(b.headers);
        this.stream = Optional.ofNullable(b.stream);
        this.retryPolicy = Optional.ofNullable(b.retryPolicy);
        this.hedgeAfter = Optional.ofNullable(b.hedgeAfter);
        this.fallback = Optional.ofNullable(b.fallback);
        this.requestId = Optional.ofNullable(b.requestId);
        this.parentId = Optional.ofNullable(b.parentId);
        this.tracing = Optional.ofNullable(b.tracing);
    }

    /** No options: broker defaults apply. */
    public static CallOptions none() {
        return NONE;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The call's timeout, overriding the broker's request timeout; zero means none. */
    public Optional<Duration> timeout() {
        return timeout;
    }

    /** How many times to retry a retryable failure, overriding the broker's retry policy. */
    public OptionalInt retries() {
        return retries;
    }

    /** The node that must serve the call, if set. */
    public Optional<String> nodeId() {
        return nodeId;
    }

    /** Meta sent with the call (null values are not allowed). */
    public Map<String, Object> meta() {
        return meta;
    }

    /** Headers sent with the call. */
    public Map<String, Object> headers() {
        return headers;
    }

    /** The byte stream sent with the call, if any. */
    public Optional<InputStream> stream() {
        return stream;
    }

    /** The retry policy of this call, overriding the broker's; {@link #retries()} overrides its count. */
    public Optional<RetryPolicy> retryPolicy() {
        return retryPolicy;
    }

    /** When set, a second attempt goes to another node if no answer came within this time (hedging). */
    public Optional<Duration> hedgeAfter() {
        return hedgeAfter;
    }

    /** What the call answers instead of failing, if set. */
    public Optional<Fallback> fallback() {
        return fallback;
    }

    /**
     * The request id the call carries instead of its caller's (Moleculer's {@code requestID} calling option,
     * the trace id of its tracer), if set; a tracing {@link io.mycelium.spi.Middleware} sets it.
     */
    public Optional<String> requestId() {
        return requestId;
    }

    /**
     * The parent id the call carries instead of its caller's context id (the id of the span that made the
     * call, as Moleculer's {@code parentSpan} calling option), if set; a tracing middleware sets it.
     */
    public Optional<String> parentId() {
        return parentId;
    }

    /** The {@code tracing} flag the call carries (whether its trace is sampled), if set; unset sends none. */
    public Optional<Boolean> tracing() {
        return tracing;
    }

    /** A builder holding these options, to derive other options from them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.timeout = timeout.orElse(null);
        b.retries = retries.orElse(-1);
        b.nodeId = nodeId.orElse(null);
        b.meta.putAll(meta);
        b.headers.putAll(headers);
        b.stream = stream.orElse(null);
        b.retryPolicy = retryPolicy.orElse(null);
        b.hedgeAfter = hedgeAfter.orElse(null);
        b.fallback = fallback.orElse(null);
        b.requestId = requestId.orElse(null);
        b.parentId = parentId.orElse(null);
        b.tracing = tracing.orElse(null);
        return b;
    }

    /** Builds {@link CallOptions}; not thread-safe. */
    public static final class Builder {
        private @org.jspecify.annotations.Nullable Duration timeout;
        private int retries = -1;
        private @org.jspecify.annotations.Nullable String nodeId;
        private final Map<String, Object> meta = new LinkedHashMap<>();
        private final Map<String, Object> headers = new LinkedHashMap<>();
        private @org.jspecify.annotations.Nullable InputStream stream;
        private @org.jspecify.annotations.Nullable RetryPolicy retryPolicy;
        private @org.jspecify.annotations.Nullable Duration hedgeAfter;
        private @org.jspecify.annotations.Nullable Fallback fallback;
        private @org.jspecify.annotations.Nullable String requestId;
        private @org.jspecify.annotations.Nullable String parentId;
        private @org.jspecify.annotations.Nullable Boolean tracing;

        private Builder() {}

        /** The request id to carry instead of the caller's; see {@link CallOptions#requestId()}. */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** The parent id to carry instead of the caller's context id; see {@link CallOptions#parentId()}. */
        public Builder parentId(String parentId) {
            this.parentId = parentId;
            return this;
        }

        /** The {@code tracing} flag to carry; see {@link CallOptions#tracing()}. */
        public Builder tracing(boolean tracing) {
            this.tracing = tracing;
            return this;
        }

        /** This call's retry policy (Moleculer's per-call {@code retries} with the whole policy). */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        /**
         * Hedges the call: if no answer came within {@code after} (e.g. the action's observed p95), a second
         * attempt goes to another node serving the action; the first answer wins and the other attempt is
         * abandoned (its node may still run it: protocol v5 has no cancel for requests, so hedge only
         * idempotent actions). Needs a second node; ignored for streamed calls and calls to a given node.
         */
        public Builder hedgeAfter(Duration after) {
            if (after.isNegative()) {
                throw new IllegalArgumentException("hedgeAfter must not be negative: " + after);
            }
            this.hedgeAfter = after;
            return this;
        }

        /** Answers what {@code fallback} returns instead of failing (Moleculer's {@code fallbackResponse}). */
        public Builder fallback(Fallback fallback) {
            this.fallback = fallback;
            return this;
        }

        /** Answers {@code value} instead of failing. */
        public Builder fallbackValue(@org.jspecify.annotations.Nullable Object value) {
            this.fallback = Fallback.value(value);
            return this;
        }

        /** The call's timeout; {@link Duration#ZERO} means no timeout. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must not be negative: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** How many times to retry a retryable failure (0 = never). */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative: " + retries);
            }
            this.retries = retries;
            return this;
        }

        /** The node that must serve the call. */
        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        /** Adds meta entries. */
        public Builder meta(Map<String, ?> meta) {
            this.meta.putAll(meta);
            return this;
        }

        /** Adds one meta entry. */
        public Builder meta(String key, Object value) {
            this.meta.put(key, value);
            return this;
        }

        /** Adds headers. */
        public Builder headers(Map<String, ?> headers) {
            this.headers.putAll(headers);
            return this;
        }

        /** Adds one header. */
        public Builder header(String key, Object value) {
            this.headers.put(key, value);
            return this;
        }

        /**
         * Sends a byte stream with the call, as Moleculer's {@code call(action, params, {stream})}: the
         * params travel as usual and the handler reads the bytes from {@link Context#stream()}. The call
         * takes ownership: a virtual thread reads {@code stream} in chunks of
         * {@link StreamSettings#maxChunkSize()} as fast as the transport takes them (at most a few chunks
         * in flight), and closes it at its end, when the call ends early, or when it fails. If reading it
         * throws, the handler's reader gets that error. A streamed call is never retried.
         *
         * <p>Timeout: the call's timeout starts once the whole stream has been sent (a long upload is not
         * cut short); while sending, a peer that takes no chunk for {@link StreamSettings#idleTimeout()}
         * fails the call with {@link StreamIdleTimeoutException}.
         */
        public Builder stream(InputStream stream) {
            this.stream = stream;
            return this;
        }

        /** Sends the buffers of {@code publisher} as the call's byte stream; see {@link #stream(InputStream)}. */
        public Builder stream(Flow.Publisher<? extends ByteBuffer> publisher) {
            this.stream = ByteStreams.inputStream(publisher);
            return this;
        }

        /** The options. */
        public CallOptions build() {
            return new CallOptions(this);
        }
    }
}
