package io.mycelium;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Options of one emitted event: the groups that receive it (empty means every group), meta and headers.
 * Immutable and thread-safe; built with {@link #builder()}.
 */
public final class EmitOptions {
    private static final EmitOptions NONE = builder().build();

    private final List<String> groups;
    private final Map<String, Object> meta;
    private final Map<String, Object> headers;
    private final Optional<String> requestId;
    private final Optional<String> parentId;
    private final Optional<Boolean> tracing;

    private EmitOptions(Builder b) {
        this.groups = List.copyOf(b.groups);
        this.meta = Map.copyOf(b.meta);
        this.headers = Map.copyOf(b.headers);
        this.requestId = Optional.ofNullable(b.requestId);
        this.parentId = Optional.ofNullable(b.parentId);
        this.tracing = Optional.ofNullable(b.tracing);
    }

    /** No options. */
    public static EmitOptions none() {
        return NONE;
    }

    /** Options that restrict the event to the given groups. */
    public static EmitOptions groups(String... groups) {
        return builder().groups(groups).build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The groups that receive the event; empty means every group. */
    public List<String> groups() {
        return groups;
    }

    /** Meta sent with the event. */
    public Map<String, Object> meta() {
        return meta;
    }

    /** Headers sent with the event. */
    public Map<String, Object> headers() {
        return headers;
    }

    /** The request id the event carries instead of its emitter's; see {@link CallOptions#requestId()}. */
    public Optional<String> requestId() {
        return requestId;
    }

    /** The parent id the event carries instead of its emitter's context id; see {@link CallOptions#parentId()}. */
    public Optional<String> parentId() {
        return parentId;
    }

    /** The {@code tracing} flag the event carries, if set. */
    public Optional<Boolean> tracing() {
        return tracing;
    }

    /** A builder holding these options, to derive other options from them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.groups.addAll(groups);
        b.meta.putAll(meta);
        b.headers.putAll(headers);
        b.requestId = requestId.orElse(null);
        b.parentId = parentId.orElse(null);
        b.tracing = tracing.orElse(null);
        return b;
    }

    /** Builds {@link EmitOptions}; not thread-safe. */
    public static final class Builder {
        private final java.util.ArrayList<String> groups = new java.util.ArrayList<>();
        private final Map<String, Object> meta = new LinkedHashMap<>();
        private final Map<String, Object> headers = new LinkedHashMap<>();
        private @Nullable String requestId;
        private @Nullable String parentId;
        private @Nullable Boolean tracing;

        private Builder() {}

        /** Adds one header. */
        public Builder header(String key, Object value) {
            this.headers.put(key, value);
            return this;
        }

        /** The request id to carry instead of the emitter's; see {@link EmitOptions#requestId()}. */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** The parent id to carry instead of the emitter's context id; see {@link EmitOptions#parentId()}. */
        public Builder parentId(String parentId) {
            this.parentId = parentId;
            return this;
        }

        /** The {@code tracing} flag to carry; see {@link EmitOptions#tracing()}. */
        public Builder tracing(boolean tracing) {
            this.tracing = tracing;
            return this;
        }

        /** Restricts the event to these groups (adds to any set before). */
        public Builder groups(String... groups) {
            this.groups.addAll(List.of(groups));
            return this;
        }

        /** Adds meta entries. */
        public Builder meta(Map<String, ?> meta) {
            this.meta.putAll(meta);
            return this;
        }

        /** Adds headers. */
        public Builder headers(Map<String, ?> headers) {
            this.headers.putAll(headers);
            return this;
        }

        /** The options. */
        public EmitOptions build() {
            return new EmitOptions(this);
        }
    }
}
