package io.mycelium;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One action of a service: its short name (e.g. {@code add}), its handler, an optional timeout that
 * overrides the broker's default for calls of it, and an optional params schema (Moleculer's validator
 * notation) announced to the mesh in INFO. Immutable; made with {@link #of} and the {@code with} methods.
 */
public final class ActionDefinition {
    private final String name;
    private final ActionHandler handler;
    private final Optional<Duration> timeout;
    private final Optional<ObjectNode> params;

    private ActionDefinition(
            String name, ActionHandler handler, Optional<Duration> timeout, Optional<ObjectNode> params) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("action name must not be blank");
        }
        this.name = name;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.timeout = timeout;
        this.params = params;
    }

    /** An action with no timeout of its own and no params schema. */
    public static ActionDefinition of(String name, ActionHandler handler) {
        return new ActionDefinition(name, handler, Optional.empty(), Optional.empty());
    }

    /** This action with its own timeout. */
    public ActionDefinition withTimeout(Duration timeout) {
        return new ActionDefinition(name, handler, Optional.of(timeout), params);
    }

    /** This action with a params schema, announced in INFO as Moleculer's {@code params}. */
    public ActionDefinition withParams(ObjectNode schema) {
        return new ActionDefinition(name, handler, timeout, Optional.of(schema.deepCopy()));
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
}
