package io.mycelium.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The tokens a gateway admits: the shared {@link GatewayOptions#token()} and the tokens of named clients
 * ({@link GatewayOptions#clientTokens()}). A client ID that has a token of its own is taken only with that
 * token, so a holder of the shared token (or of another client's) cannot connect under it and so take over its
 * session (a new connection under an ID closes the previous one). Comparisons take constant time.
 */
final class Credentials {
    private final byte @Nullable [] shared;
    private final Map<String, byte[]> clients;
    /** The SHA-256 of every token: a lookup per request instead of a comparison with each client's token. */
    private final Set<ByteBuffer> digests;

    Credentials(@Nullable String shared, Map<String, String> clients) {
        this.shared = shared == null ? null : bytes(shared);
        this.clients = clients.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> bytes(e.getValue())));
        Set<ByteBuffer> all = new HashSet<>();
        if (shared != null) {
            all.add(digest(shared));
        }
        clients.values().forEach(t -> all.add(digest(t)));
        this.digests = Set.copyOf(all);
    }

    /** Whether any token is configured: without one, everything is admitted. */
    boolean required() {
        return shared != null || !clients.isEmpty();
    }

    /**
     * Whether {@code presented} admits client {@code id}: its own token when it has one; otherwise the shared
     * token when there is one; otherwise only when no client is named (a gateway that names its clients and has
     * no shared token admits only them).
     */
    boolean admitsClient(String id, @Nullable String presented) {
        byte[] own = clients.get(id);
        if (own != null) {
            return matches(own, presented);
        }
        if (shared != null) {
            return matches(shared, presented);
        }
        return clients.isEmpty();
    }

    /** Whether {@code presented} is any token this gateway knows (the HTTP API and the mesh feed), or none is set. */
    boolean admitsAny(@Nullable String presented) {
        if (!required()) {
            return true;
        }
        // the lookup's time depends on the digest, which a caller cannot steer towards a token it does not know
        return presented != null && digests.contains(digest(presented));
    }

    /** The token a request presents: {@code Authorization: Bearer}, else {@code ?token=}; null when none. */
    static @Nullable String presented(HttpRequest req, QueryStringDecoder uri) {
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        List<String> q = uri.parameters().get("token");
        return q != null && !q.isEmpty() ? q.get(0) : null;
    }

    private static boolean matches(byte[] expected, @Nullable String presented) {
        return presented != null && MessageDigest.isEqual(bytes(presented), expected);
    }

    private static ByteBuffer digest(String token) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(bytes(token)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
