package io.mycelium.gateway;

/**
 * Decides whether an HTTP call may go through (moleculer-web's {@code authorize}); runs on a virtual thread
 * after the token check (when a token is set) and before the action is called, and may block. It refuses by
 * throwing a {@link io.mycelium.MyceliumException} (usually {@link HttpError#unauthorized} or
 * {@link HttpError#forbidden}), whose code becomes the HTTP status; it may put the caller's identity in
 * {@link HttpCall#meta()}, which the action sees as {@code ctx.meta()}.
 */
@FunctionalInterface
public interface HttpAuthorizer {
    void authorize(HttpCall call);
}
