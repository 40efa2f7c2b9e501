package io.mycelium;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options of one {@link ServiceBroker#survey survey}: the deadline every instance must answer within, and
 * the meta and headers sent to each. Immutable and thread-safe; built with {@link #builder()} or
 * {@link #within(Duration)}.
 */
public final class SurveyOptions {
    private final Duration deadline;
    private final Map<String, Object> meta;
    private final Map<String, Object> headers;

    private SurveyOptions(Builder b) {
        this.deadline = b.deadline;
        this.meta = Map.copyOf(b.meta);
        this.headers = Map.copyOf(b.headers);
    }

    /** A survey answered within {@code deadline}, with no meta or headers. */
    public static SurveyOptions within(Duration deadline) {
        return builder().deadline(deadline).build();
    }

    /** A new builder; the deadline defaults to 5 s. */
    public static Builder builder() {
        return new Builder();
    }

    /** How long the survey waits for answers; an instance silent by then is reported as timed out. */
    public Duration deadline() {
        return deadline;
    }

    /** Meta sent to every instance. */
    public Map<String, Object> meta() {
        return meta;
    }

    /** Headers sent to every instance. */
    public Map<String, Object> headers() {
        return headers;
    }

    /** Builds {@link SurveyOptions}; not thread-safe. */
    public static final class Builder {
        private Duration deadline = Duration.ofSeconds(5);
        private final Map<String, Object> meta = new LinkedHashMap<>();
        private final Map<String, Object> headers = new LinkedHashMap<>();

        private Builder() {}

        /** The deadline; must be positive (a survey without one could wait forever on a silent node). */
        public Builder deadline(Duration deadline) {
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive: " + deadline);
            }
            this.deadline = deadline;
            return this;
        }

        /** Adds one meta entry. */
        public Builder meta(String key, Object value) {
            meta.put(key, value);
            return this;
        }

        /** Adds one header. */
        public Builder header(String key, Object value) {
            headers.put(key, value);
            return this;
        }

        /** The options. */
        public SurveyOptions build() {
            return new SurveyOptions(this);
        }
    }
}
