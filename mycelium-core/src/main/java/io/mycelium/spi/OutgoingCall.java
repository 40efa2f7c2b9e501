package io.mycelium.spi;

import io.mycelium.CallOptions;
import io.mycelium.Context;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One outgoing call as a {@link Middleware} sees it: the action, the params, the call's options and the
 * context it is made from (empty for a call made outside any handler). Immutable; a middleware that
 * changes the call passes a new value on with {@link #withOptions} or {@link #withParams}.
 *
 * @param action the full action name, e.g. {@code v2.math.add}
 * @param params the params as given by the caller (a Java object or a JSON tree), null for none
 * @param options the call's options
 * @param parent the context the call is made from, if made by a handler
 */
public record OutgoingCall(String action, @Nullable Object params, CallOptions options, Optional<Context> parent) {

    /** This call with other options. */
    public OutgoingCall withOptions(CallOptions options) {
        return new OutgoingCall(action, params, options, parent);
    }

    /** This call with other params. */
    public OutgoingCall withParams(@Nullable Object params) {
        return new OutgoingCall(action, params, options, parent);
    }

    /**
     * The rest of the chain, down to the broker's router. Called on the caller's thread; it never blocks.
     * The future completes with the raw result: a JSON tree for a remote answer, the handler's own value
     * for a local one, an {@link java.io.InputStream} for a streamed answer; it fails with the call's error
     * (a {@link io.mycelium.MyceliumException} for every error a node raised).
     */
    @FunctionalInterface
    public interface Next {
        /** Passes {@code call} on. */
        CompletableFuture<Object> proceed(OutgoingCall call);
    }
}
