package io.mycelium;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One action of a service: its short name (e.g. {@code add}), its handler, an optional timeout that
 * overrides the broker's default for calls of it, an optional params schema (Moleculer's validator
 * notation) announced to the mesh in INFO, and an optional params record validated before the handler
 * runs. Immutable; made with {@link #of} and the {@code with} methods.
 */
public final class ActionDefinition {
    private final String name;
    private final ActionHandler handler;
    private final Optional<Duration> timeout;
    private final Optional<ObjectNode> params;
    private final Optional<Class<? extends Record>> paramsType;
    private final Optional<BulkheadPolicy> bulkhead;
    private final Optional<Fallback> fallback;
    private final Optional<RetryPolicy> retryPolicy;
    private final Optional<CircuitBreakerPolicy> circuitBreaker;

    private ActionDefinition(
            String name,
            ActionHandler handler,
            Optional<Duration> timeout,
            Optional<ObjectNode> params,
            Optional<Class<? extends Record>> paramsType) {
        this(
                name,
                handler,
                timeout,
                params,
                paramsType,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    private ActionDefinition(
            String name,
            ActionHandler handler,
            Optional<Duration> timeout,
            Optional<ObjectNode> params,
            Optional<Class<? extends Record>> paramsType,
            Optional<BulkheadPolicy> bulkhead,
            Optional<Fallback> fallback,
            Optional<RetryPolicy> retryPolicy,
            Optional<CircuitBreakerPolicy> circuitBreaker) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("action name must not be blank");
        }
        this.name = name;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.timeout = timeout;
        this.params = params;
        this.paramsType = paramsType;
        this.bulkhead = bulkhead;
        this.fallback = fallback;
        this.retryPolicy = retryPolicy;
        this.circuitBreaker = circuitBreaker;
    }

    /** An action with no timeout of its own and no params schema. */
    public static ActionDefinition of(String name, ActionHandler handler) {
        return new ActionDefinition(name, handler, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** This action with its own timeout. */
    public ActionDefinition withTimeout(Duration timeout) {
        return new ActionDefinition(
                name,
                handler,
                Optional.of(timeout),
                params,
                paramsType,
                bulkhead,
                fallback,
                retryPolicy,
                circuitBreaker);
    }

    /** This action with a params schema, announced in INFO as Moleculer's {@code params}. */
    public ActionDefinition withParams(ObjectNode schema) {
        return new ActionDefinition(
                name,
                handler,
                timeout,
                Optional.of(schema.deepCopy()),
                paramsType,
                bulkhead,
                fallback,
                retryPolicy,
                circuitBreaker);
    }

    /**
     * This action with its params declared as a record: before the handler runs, the params are bound to
     * it, {@link Default defaults} fill missing fields, and its Jakarta Bean Validation constraints are
     * checked; a failure answers {@link ValidationException} (422, {@code VALIDATION_ERROR}, one
     * {@code {type, message, field, actual}} per violation). Unless a schema was set with
     * {@link #withParams(ObjectNode)}, one is derived from the record and announced in INFO.
     */
    public ActionDefinition withParams(Class<? extends Record> type) {
        return new ActionDefinition(
                name, handler, timeout, params, Optional.of(type), bulkhead, fallback, retryPolicy, circuitBreaker);
    }

    /** This action with another handler (used to wrap a handler; everything else is kept). */
    public ActionDefinition withHandler(ActionHandler handler) {
        return new ActionDefinition(
                name, handler, timeout, params, paramsType, bulkhead, fallback, retryPolicy, circuitBreaker);
    }

    /**
     * This action with {@code next} run after its handler (a handler chain): {@code next} gets what the
     * handler before it returned, and the last handler's value is the answer; an exception ends the chain
     * with that error. Hooks, params validation and middlewares wrap the whole chain, once per call.
     */
    public ActionDefinition then(ChainedHandler next) {
        return withHandler(ActionChain.of(handler, Objects.requireNonNull(next, "next")));
    }

    /** This action with its own bulkhead, overriding the broker's ({@link BulkheadPolicy}). */
    public ActionDefinition withBulkhead(BulkheadPolicy bulkhead) {
        return new ActionDefinition(
                name,
                handler,
                timeout,
                params,
                paramsType,
                Optional.of(bulkhead),
                fallback,
                retryPolicy,
                circuitBreaker);
    }

    /**
     * This action answering what {@code fallback} returns when its handler fails (Moleculer's action
     * {@code fallback}); it runs on the serving node, for local and remote callers alike.
     */
    public ActionDefinition withFallback(Fallback fallback) {
        return new ActionDefinition(
                name,
                handler,
                timeout,
                params,
                paramsType,
                bulkhead,
                Optional.of(fallback),
                retryPolicy,
                circuitBreaker);
    }

    /**
     * This action retried as {@code policy} says when a call of it fails (Moleculer's action
     * {@code retryPolicy}), overriding the broker's. It is announced in INFO, so every caller in the mesh
     * applies it (Mycelium and Moleculer alike); a call's own {@link CallOptions.Builder#retryPolicy} or
     * {@link CallOptions.Builder#retries} still wins.
     */
    public ActionDefinition withRetryPolicy(RetryPolicy policy) {
        return new ActionDefinition(
                name, handler, timeout, params, paramsType, bulkhead, fallback, Optional.of(policy), circuitBreaker);
    }

    /**
     * This action's endpoints guarded by their own circuit breaker settings (Moleculer's action
     * {@code circuitBreaker}), overriding the broker's; {@code CircuitBreakerPolicy.disabled()} exempts
     * the action from the broker's breaker. Announced in INFO, so every caller keeps its circuits with
     * these settings (its own {@code check} applies to remote callers, a function not travelling).
     */
    public ActionDefinition withCircuitBreaker(CircuitBreakerPolicy policy) {
        return new ActionDefinition(
                name, handler, timeout, params, paramsType, bulkhead, fallback, retryPolicy, Optional.of(policy));
    }

    /** The action's own retry policy, if set. */
    public Optional<RetryPolicy> retryPolicy() {
        return retryPolicy;
    }

    /** The action's own circuit breaker settings, if set. */
    public Optional<CircuitBreakerPolicy> circuitBreaker() {
        return circuitBreaker;
    }

    /** The action's own bulkhead, if set. */
    public Optional<BulkheadPolicy> bulkhead() {
        return bulkhead;
    }

    /** The action's fallback, if set. */
    public Optional<Fallback> fallback() {
        return fallback;
    }

    /** The short name, e.g. {@code add}. */
    public String name() {
        return name;
    }

    /** The handler. */
    public ActionHandler handler() {
        return handler;
    }

    /** The action's own timeout, if set. */
    public Optional<Duration> timeout() {
        return timeout;
    }

    /** The params schema, if set (a copy: the definition stays immutable). */
    public Optional<ObjectNode> params() {
        return params.map(ObjectNode::deepCopy);
    }

    /** The params record validated before the handler runs, if declared. */
    public Optional<Class<? extends Record>> paramsType() {
        return paramsType;
    }
}
