package io.mycelium;

import org.jspecify.annotations.Nullable;

/**
 * What a failed call answers instead of its error (Moleculer's {@code fallbackResponse} on a call and
 * {@code fallback} on an action). Called on the thread that saw the failure; it must not block for long.
 * If it throws, the call fails with what it threw.
 */
@FunctionalInterface
public interface Fallback {

    /**
     * The answer for a call that failed with {@code error}.
     *
     * @param error the call's error (a {@link MyceliumException} for every error a node raised)
     */
    @Nullable
    Object recover(Throwable error) throws Exception;

    /** A fallback that answers {@code value} whatever the error. */
    static Fallback value(@Nullable Object value) {
        return error -> value;
    }
}
