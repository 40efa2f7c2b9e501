package io.mycelium.internal.broker;

import io.mycelium.CallOptions;
import io.mycelium.EmitOptions;
import io.mycelium.spi.Middleware;
import io.mycelium.spi.OutgoingCall;
import io.mycelium.spi.OutgoingEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The one road out for calls, one-way messages and events: through the middlewares' chains when there are any, straight to
 * the {@link Caller} and {@link EventBus} when there are none (no value is built per call then). The
 * chains are built once, here.
 */
final class Outbound {
    private final Caller caller;
    private final EventBus events;
    private final Messenger messenger;
    private final OutgoingCall.@Nullable Next calls;
    private final OutgoingEvent.@Nullable Next emits;
    private final OutgoingCall.@Nullable Next sends;

    Outbound(Caller caller, EventBus events, Messenger messenger, List<Middleware> middlewares) {
        this.caller = caller;
        this.events = events;
        this.messenger = messenger;
        OutgoingCall.Next s = this::sendInside;
        boolean wrapsSends = false;
        OutgoingCall.Next c = this::callInside;
        OutgoingEvent.Next e = this::emitInside;
        boolean wrapsCalls = false;
        boolean wrapsEmits = false;
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            Middleware m = middlewares.get(i);
            OutgoingCall.Next wc = m.call(c);
            OutgoingEvent.Next we = m.emit(e);
            wrapsCalls |= wc != c;
            wrapsEmits |= we != e;
            c = wc;
            e = we;
            OutgoingCall.Next ws = m.send(s);
            wrapsSends |= ws != s;
            s = ws;
        }
        this.calls = wrapsCalls ? c : null;
        this.emits = wrapsEmits ? e : null;
        this.sends = wrapsSends ? s : null;
    }

    /** A one-way message; the future completes once it is handed over. */
    CompletableFuture<Void> send(
            @Nullable CallContext parent, String action, @Nullable Object params, CallOptions options) {
        OutgoingCall.Next chain = sends;
        if (chain == null) {
            return messenger.send(parent, action, params, options);
        }
        return chain.proceed(new OutgoingCall(action, params, options, Optional.ofNullable(parent)))
                .thenApply(v -> null);
    }

    private CompletableFuture<Object> sendInside(OutgoingCall c) {
        return messenger
                .send(parentOf(c.parent()), c.action(), c.params(), c.options())
                .thenApply(v -> v);
    }

    CompletableFuture<Object> call(
            @Nullable CallContext parent, String action, @Nullable Object params, CallOptions options) {
        OutgoingCall.Next chain = calls;
        if (chain == null) {
            return caller.call(parent, action, params, options);
        }
        return chain.proceed(new OutgoingCall(action, params, options, Optional.ofNullable(parent)));
    }

    CompletableFuture<Void> emit(
            @Nullable CallContext parent,
            String event,
            @Nullable Object data,
            EmitOptions options,
            OutgoingEvent.Kind kind) {
        OutgoingEvent.Next chain = emits;
        if (chain == null) {
            return send(parent, event, data, options, kind);
        }
        return chain.proceed(new OutgoingEvent(event, data, options, kind, Optional.ofNullable(parent)));
    }

    private CompletableFuture<Object> callInside(OutgoingCall c) {
        return caller.call(parentOf(c.parent()), c.action(), c.params(), c.options());
    }

    private CompletableFuture<Void> emitInside(OutgoingEvent e) {
        return send(parentOf(e.parent()), e.event(), e.data(), e.options(), e.kind());
    }

    private CompletableFuture<Void> send(
            @Nullable CallContext parent,
            String event,
            @Nullable Object data,
            EmitOptions options,
            OutgoingEvent.Kind kind) {
        return switch (kind) {
            case EMIT -> events.emit(parent, event, data, options);
            case BROADCAST -> events.broadcast(parent, event, data, options, false);
            case BROADCAST_LOCAL -> events.broadcast(parent, event, data, options, true);
        };
    }

    /** Only contexts made by this broker carry a trace on; any other a middleware passed starts a new one. */
    private static @Nullable CallContext parentOf(Optional<io.mycelium.Context> parent) {
        return parent.orElse(null) instanceof CallContext cc ? cc : null;
    }
}
