package io.mycelium.internal.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.CircuitBreakerPolicy;
import io.mycelium.RetryPolicy;
import io.mycelium.internal.util.Json;
import java.time.Duration;

/**
 * An action's own {@code retryPolicy} and {@code circuitBreaker} as they travel in INFO, in Moleculer's
 * shape and units (delays and {@code halfOpenTime} in milliseconds, {@code windowTime} in seconds), so a
 * Moleculer caller honours a Mycelium action's settings and the other way round. Reading merges the
 * fields present over the caller's broker-wide policy, as Moleculer's {@code Object.assign} does; the
 * {@code check} function does not travel, the caller's own applies.
 */
public final class ActionPolicies {
    /** Moleculer's retries when a policy is enabled without saying how many. */
    private static final int MOLECULER_RETRIES = 5;

    private ActionPolicies() {}

    /** The INFO form of a retry policy. */
    public static ObjectNode info(RetryPolicy policy) {
        return Json.object()
                .put("enabled", policy.enabled())
                .put("retries", policy.retries())
                .put("delay", policy.delay().toMillis())
                .put("maxDelay", policy.maxDelay().toMillis())
                .put("factor", policy.factor());
    }

    /** The INFO form of circuit breaker settings. */
    public static ObjectNode info(CircuitBreakerPolicy policy) {
        ObjectNode node = Json.object().put("enabled", policy.enabled()).put("threshold", policy.threshold());
        long windowMillis = policy.windowTime().toMillis();
        if (windowMillis % 1000 == 0) {
            node.put("windowTime", windowMillis / 1000);
        } else {
            node.put("windowTime", windowMillis / 1000.0);
        }
        return node.put("minRequestCount", policy.minRequestCount())
                .put("halfOpenTime", policy.halfOpenTime().toMillis());
    }

    /**
     * The retry policy an action announced ({@code definition.retryPolicy}) over {@code base}; {@code base}
     * itself when the action announced none or an unreadable one.
     */
    public static RetryPolicy retry(JsonNode definition, RetryPolicy base) {
        JsonNode p = definition.get("retryPolicy");
        if (p == null || !p.isObject()) {
            return base;
        }
        try {
            int retries = p.path("retries").canConvertToInt() ? p.get("retries").asInt() : base.retries();
            JsonNode enabled = p.get("enabled");
            if (enabled != null && enabled.isBoolean()) {
                if (!enabled.asBoolean()) {
                    retries = 0;
                } else if (retries == 0) {
                    retries = MOLECULER_RETRIES;
                }
            }
            return new RetryPolicy(
                    retries,
                    millis(p, "delay", base.delay()),
                    millis(p, "maxDelay", base.maxDelay()),
                    p.path("factor").isNumber() ? p.get("factor").asDouble() : base.factor(),
                    base.check());
        } catch (IllegalArgumentException badValues) {
            return base; // a peer's nonsense must not break our calls: its policy is ignored
        }
    }

    /** The circuit breaker settings an action announced ({@code definition.circuitBreaker}) over {@code base}. */
    public static CircuitBreakerPolicy breaker(JsonNode definition, CircuitBreakerPolicy base) {
        JsonNode p = definition.get("circuitBreaker");
        if (p == null || !p.isObject()) {
            return base;
        }
        try {
            Duration window = p.path("windowTime").isNumber()
                    ? Duration.ofMillis((long) (p.get("windowTime").asDouble() * 1000))
                    : base.windowTime();
            return new CircuitBreakerPolicy(
                    p.path("enabled").isBoolean() ? p.get("enabled").asBoolean() : base.enabled(),
                    p.path("threshold").isNumber() ? p.get("threshold").asDouble() : base.threshold(),
                    window,
                    p.path("minRequestCount").canConvertToInt()
                            ? p.get("minRequestCount").asInt()
                            : base.minRequestCount(),
                    millis(p, "halfOpenTime", base.halfOpenTime()),
                    base.check());
        } catch (IllegalArgumentException badValues) {
            return base;
        }
    }

    private static Duration millis(JsonNode p, String field, Duration otherwise) {
        JsonNode v = p.get(field);
        return v != null && v.isNumber() ? Duration.ofMillis(v.asLong()) : otherwise;
    }
}
