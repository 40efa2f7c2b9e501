package io.mycelium.gateway;

import java.util.Map;
import java.util.Optional;

/** An HTTP call as an {@link HttpAuthorizer} sees it. Not thread-safe; valid during {@code authorize}. */
public interface HttpCall {
    /** {@code GET}, {@code POST}, ... */
    String method();

    /** The request path, without the query string. */
    String path();

    /** The action it calls, e.g. {@code users.get}. */
    String action();

    /** A request header (case-insensitive name). */
    Optional<String> header(String name);

    /** The peer's IP address. */
    String remoteAddress();

    /** The call's meta, mutable: what is put here reaches the action as {@code ctx.meta()}. */
    Map<String, Object> meta();
}
