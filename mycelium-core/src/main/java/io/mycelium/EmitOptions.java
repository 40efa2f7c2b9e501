package io.mycelium;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of one emitted event: the groups that receive it (empty means every group), meta and headers.
 * Immutable and thread-safe; built with {@link #builder()}.
 */
public final class EmitOptions {
    private static final EmitOptions NONE = builder().build();

    private final List<String> groups;
    private final Map<String, Object> meta;
    private final Map<String, Object> headers;

    private EmitOptions(Builder b) {
        this.groups = List.copyOf(b.groups);
        this.meta = Map.copyOf(b.meta);
        this.headers = Map.copyOf(b.headers);
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

    /** Builds {@link EmitOptions}; not thread-safe. */
    public static final class Builder {
        private final java.util.ArrayList<String> groups = new java.util.ArrayList<>();
        private final Map<String, Object> meta = new LinkedHashMap<>();
        private final Map<String, Object> headers = new LinkedHashMap<>();

        private Builder() {}

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
