package io.mycelium.gateway;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * HTTP aliases in moleculer-web's notation and the routes they make. Relative to {@code /api}:
 * {@code "GET /users/:id": "users.get"} (a {@code :name} segment becomes the param {@code name}),
 * {@code "REST /users": "users"} (six routes: {@code GET /users} list, {@code GET /users/:id} get,
 * {@code POST /users} create, {@code PUT /users/:id} update, {@code PATCH /users/:id} patch,
 * {@code DELETE /users/:id} remove), {@code "/x"} or {@code "ALL /x"} for any method. Immutable, thread-safe.
 */
public final class Routes {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    /** One route: a method ({@code null} for any), the path's segments, the action. */
    record Route(@Nullable String method, List<String> segments, String action) {
        String path() {
            return "/" + String.join("/", segments);
        }

        @Nullable
        Map<String, String> match(String method, List<String> path) {
            if ((this.method != null && !this.method.equals(method)) || path.size() != segments.size()) {
                return null;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                String s = segments.get(i);
                if (s.startsWith(":")) {
                    params.put(s.substring(1), path.get(i));
                } else if (!s.equals(path.get(i))) {
                    return null;
                }
            }
            return params;
        }
    }

    /** A parsed alias key. */
    record Parsed(@Nullable String method, List<String> segments) {}

    /** A route that matched: the action and the params taken from the path. */
    record Match(String action, Map<String, String> params) {}

    private final List<Route> routes;

    private Routes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** Reads aliases from a JSON file holding one object of route → action, e.g. {@code {"GET /users/:id": "users.get"}}. */
    public static Map<String, String> load(Path file) throws IOException {
        Map<String, String> aliases;
        try {
            aliases = Json.MAPPER.readValue(
                    Files.readAllBytes(file), new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(
                    file + ": expected a JSON object of \"METHOD /path\": \"service.action\" (" + e.getOriginalMessage()
                            + ")",
                    e);
        }
        if (aliases == null) {
            throw new IllegalArgumentException(file + ": expected a JSON object, got null");
        }
        for (String route : aliases.keySet()) {
            parseRoute(route);
        }
        return aliases;
    }

    static Routes of(Map<String, String> aliases) {
        List<Route> out = new ArrayList<>();
        aliases.forEach((route, action) -> out.addAll(expand(route, action)));
        return new Routes(out);
    }

    List<Route> all() {
        return routes;
    }

    Optional<Match> match(String method, List<String> path) {
        for (Route r : routes) {
            Map<String, String> params = r.match(method, path);
            if (params != null) {
                return Optional.of(new Match(r.action(), params));
            }
        }
        return Optional.empty();
    }

    /** The method ({@code null} for any, {@code REST} for the six routes) and the path's segments. */
    static Parsed parseRoute(String route) {
        String r = route.trim();
        @Nullable String method = null;
        int space = r.indexOf(' ');
        if (space > 0) {
            method = r.substring(0, space).toUpperCase(Locale.ROOT);
            r = r.substring(space + 1).trim();
            if (method.equals("ALL") || method.equals("*")) {
                method = null;
            } else if (!METHODS.contains(method) && !method.equals("REST")) {
                throw new IllegalArgumentException("alias '" + route + "': unknown method " + method);
            }
        }
        if (!r.startsWith("/")) {
            throw new IllegalArgumentException("alias '" + route + "': the path must start with /");
        }
        List<String> segments = segments(r);
        for (String s : segments) {
            if (s.equals(":") || s.contains("?") || s.contains("*")) {
                throw new IllegalArgumentException("alias '" + route + "': bad segment '" + s + "'");
            }
        }
        return new Parsed(method, segments);
    }

    private static List<Route> expand(String route, String action) {
        var parsed = parseRoute(route);
        String method = parsed.method();
        List<String> segs = parsed.segments();
        if (!"REST".equals(method)) {
            return List.of(new Route(method, segs, action));
        }
        List<String> withId = new ArrayList<>(segs);
        withId.add(":id");
        return List.of(
                new Route("GET", segs, action + ".list"),
                new Route("GET", withId, action + ".get"),
                new Route("POST", segs, action + ".create"),
                new Route("PUT", withId, action + ".update"),
                new Route("PATCH", withId, action + ".patch"),
                new Route("DELETE", withId, action + ".remove"));
    }

    /** A path's non-empty segments ({@code /a//b/} → {@code [a, b]}), still percent-encoded. */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
