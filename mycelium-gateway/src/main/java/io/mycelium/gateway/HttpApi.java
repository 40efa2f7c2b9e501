package io.mycelium.gateway;

import io.mycelium.ServiceBroker;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * What every HTTP exchange of a gateway shares: the broker, the options, the routes, the allow-list, the rate
 * limiter, the authorizer, the mesh view, the health checks and the OpenAPI document. Thread-safe.
 */
final class HttpApi {
    static final String API = "api";

    final ServiceBroker broker;
    final GatewayOptions options;
    final Routes routes;
    final Patterns allowed;
    final @Nullable RateLimiter limiter;
    final @Nullable HttpAuthorizer authorizer;
    final ExecutorService executor;
    final MeshView mesh;
    final GatewayHealth health;

    HttpApi(
            ServiceBroker broker,
            GatewayOptions options,
            @Nullable HttpAuthorizer authorizer,
            ExecutorService executor,
            MeshView mesh,
            GatewayHealth health) {
        this.broker = broker;
        this.options = options;
        this.routes = Routes.of(options.aliases());
        this.allowed = Patterns.of(options.allowedActions());
        this.limiter = options.rateLimit() > 0 ? new RateLimiter(options.rateLimit()) : null;
        this.authorizer = authorizer;
        this.executor = executor;
        this.mesh = mesh;
        this.health = health;
    }

    /** Whether HTTP callers may call {@code action}: allowed by the patterns and not an internal ({@code $}) action. */
    boolean allows(String action) {
        return !action.startsWith("$") && allowed.matches(action);
    }

    /** The action a path under {@code /api} calls: an alias first, else {@code /api/a/b/c} → {@code a.b.c}. */
    Optional<Routes.Match> resolve(String method, List<String> segments) {
        Optional<Routes.Match> alias = routes.match(method, segments);
        if (alias.isPresent() || segments.size() < 2) {
            return alias;
        }
        return Optional.of(new Routes.Match(String.join(".", segments), java.util.Map.of()));
    }

    /** The value of the CORS allow-origin header for {@code origin}, or null when it is not allowed. */
    @Nullable
    String corsOrigin(String origin) {
        List<String> origins = options.corsOrigins();
        if (origins.contains("*")) {
            return "*";
        }
        return origins.contains(origin) ? origin : null;
    }
}
