package io.mycelium.transport.mqtt;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The {@code key=value} options of a transporter URL's query string, each read at most once. */
final class QueryOptions {
    private final Map<String, String> values = new HashMap<>();
    private final URI url;

    QueryOptions(URI url, Set<String> known) {
        this.url = url;
        String query = url.getRawQuery();
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "true" : decode(pair.substring(eq + 1));
            if (!known.contains(key)) {
                throw new IllegalArgumentException(
                        "Unknown option '" + key + "' in " + redacted() + "; known options: " + known);
            }
            values.put(key, value);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL without its user info, for messages. */
    String redacted() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    long longValue(String key, long fallback, long min, long max) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            long v = Long.parseLong(raw.trim());
            if (v < min || v > max) {
                throw new IllegalArgumentException(
                        "Option '" + key + "' must be between " + min + " and " + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option '" + key + "' must be an integer, got '" + raw + "'", e);
        }
    }

    int intValue(String key, int fallback, int min, int max) {
        return (int) longValue(key, fallback, min, max);
    }

    Duration millis(String key, Duration fallback) {
        return Duration.ofMillis(longValue(key, fallback.toMillis(), 0, Long.MAX_VALUE / 2));
    }

    boolean booleanValue(String key, boolean fallback) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default ->
                throw new IllegalArgumentException("Option '" + key + "' must be true or false, got '" + raw + "'");
        };
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String raw(String key) {
        return values.getOrDefault(key, "");
    }
}
