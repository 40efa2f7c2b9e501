package io.mycelium.spi;

import io.mycelium.ActionDefinition;
import io.mycelium.ActionHandler;
import io.mycelium.EventDefinition;
import io.mycelium.EventHandler;
import io.mycelium.ServiceBroker;

/**
 * A broker-wide extension around everything a node sends and runs: outgoing calls (a survey's call to
 * each node is one of them), one-way messages, outgoing events,
 * the local handling of actions and events, and the broker's start and stop (Moleculer's middlewares:
 * {@code call}, {@code emit}/{@code broadcast}, {@code localAction}, {@code localEvent},
 * {@code started}, {@code stopped}). Every method has a default that changes nothing, so a middleware
 * implements only what it needs.
 *
 * <p>Middlewares are registered with {@link ServiceBroker.Builder#middleware} and, when
 * {@link ServiceBroker.Builder#loadMiddlewares} is set, found through {@link java.util.ServiceLoader}
 * (after the registered ones). The first one is the outermost: it sees a call first and its result last.
 * The broker's own action middlewares sit inside all of them, in this order: the action's fallback and
 * bulkhead, params validation, then the service's hooks right around the handler.
 * The {@code wrap} methods are called once, when the broker is built (calls and events) or when a
 * service is registered (actions and events), never per call, so a broker with no middleware pays
 * nothing per call and a middleware that returns {@code next} for an action costs that action nothing.
 *
 * <p>Thread-safety: the wrappers returned are called concurrently from any thread; they must be
 * thread-safe and must not block (a handler wrapper runs on the handler's thread, where blocking is
 * allowed as it is for the handler).
 */
public interface Middleware {

    /** A short name for logs and {@code $node.options}; the class name by default. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Wraps outgoing calls ({@code broker.call} and {@code ctx.call}); {@code next} by default. */
    default OutgoingCall.Next call(OutgoingCall.Next next) {
        return next;
    }

    /**
     * Wraps outgoing one-way messages ({@code broker.send} and {@code ctx.send}); {@code next} by default.
     * The call value is the same as for {@link #call}, but the future completes (with null) once the
     * message is handed over, not when it is handled: no answer, no retry, no fallback.
     */
    default OutgoingCall.Next send(OutgoingCall.Next next) {
        return next;
    }

    /** Wraps outgoing events ({@code emit}, {@code broadcast}, {@code broadcastLocal}); {@code next} by default. */
    default OutgoingEvent.Next emit(OutgoingEvent.Next next) {
        return next;
    }

    /**
     * Wraps the handler of one local action, for local and remote callers alike; {@code next} by
     * default. Called once per action when its service is registered.
     *
     * @param fullName the action's full name, e.g. {@code v2.math.add}
     * @param action the action as declared (its options: timeout, bulkhead, fallback, ...)
     * @param next the handler to wrap (the action's, with validation and hooks)
     */
    default ActionHandler localAction(String fullName, ActionDefinition action, ActionHandler next) {
        return next;
    }

    /**
     * Wraps the handler of one local event subscription; {@code next} by default. Called once per
     * subscription when its service is registered.
     *
     * @param service the full name of the subscribing service
     */
    default EventHandler localEvent(String service, EventDefinition event, EventHandler next) {
        return next;
    }

    /** The broker has started (its services are running, the mesh knows it). Called on the starting thread. */
    default void started(ServiceBroker broker) {}

    /** The broker has stopped (its services are stopped, it left the mesh). Called on the stopping thread. */
    default void stopped(ServiceBroker broker) {}
}
