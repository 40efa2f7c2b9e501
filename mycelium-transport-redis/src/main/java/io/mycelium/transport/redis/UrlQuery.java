package io.mycelium.transport.redis;

import io.mycelium.spi.UrlOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads options from a URL's query string. */
final class UrlQuery {

    private UrlQuery() {}

    static Map<String, String> parse(URI url) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = url.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                out.put(key, eq < 0 ? "true" : decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static int integer(String key, String value) {
        return (int) UrlOptions.parseInteger(key, value);
    }

    /** A duration in the grammar of {@link UrlOptions}: {@code 250ms}, {@code 2s}, {@code 1m}, bare milliseconds. */
    static Duration duration(String key, String value) {
        return UrlOptions.parseDuration(key, value);
    }
}
