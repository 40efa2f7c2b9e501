package io.mycelium.spi;

import io.mycelium.Context;
import io.mycelium.EmitOptions;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One outgoing event as a {@link Middleware} sees it. Immutable.
 *
 * @param event the event name
 * @param data the payload as given (a Java object or a JSON tree), null for none
 * @param options the groups, meta and headers
 * @param kind emitted to one handler per group, broadcast to all, or broadcast to this node only
 * @param parent the context the event is emitted from, if emitted by a handler
 */
public record OutgoingEvent(
        String event, @Nullable Object data, EmitOptions options, Kind kind, Optional<Context> parent) {

    /** How an event is delivered. */
    public enum Kind {
        /** One handler per group (Moleculer {@code emit}). */
        EMIT,
        /** Every handler on every node (Moleculer {@code broadcast}). */
        BROADCAST,
        /** Every handler on this node (Moleculer {@code broadcastLocal}). */
        BROADCAST_LOCAL
    }

    /** This event with other options. */
    public OutgoingEvent withOptions(EmitOptions options) {
        return new OutgoingEvent(event, data, options, kind, parent);
    }

    /**
     * The rest of the chain. Called on the emitter's thread; never blocks. The future completes once the
     * event is handed to the transporter (and local handlers are started); it fails when it could not be.
     */
    @FunctionalInterface
    public interface Next {
        /** Passes {@code event} on. */
        CompletableFuture<Void> proceed(OutgoingEvent event);
    }
}
