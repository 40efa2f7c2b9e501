package io.mycelium.transport.mqtt;

import io.mycelium.spi.UrlOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The {@code key=value} options of a transporter URL's query string, in the one grammar of
 * {@link UrlOptions} (durations with units, sizes such as {@code 1MiB}, booleans, unknown names refused).
 */
final class QueryOptions {

    /** The spellings of the NATS and Redis transporters, accepted for the same meaning. */
    static final Map<String, String> ALIASES =
            Map.of("reconnectAttempts", "maxReconnectAttempts", "reconnectMaxDelay", "maxReconnectDelay");

    private final UrlOptions options;
    private final URI url;

    QueryOptions(URI url, Set<String> known) {
        this.url = url;
        this.options = UrlOptions.parse(url, known, ALIASES);
    }

    /** The URL without its user info, for messages. */
    String redacted() {
        return UrlOptions.redacted(url);
    }

    long longValue(String key, long fallback, long min, long max) {
        return options.integer(key, min, max).orElse(fallback);
    }

    int intValue(String key, int fallback, int min, int max) {
        return options.integer(key, fallback, min, max);
    }

    int size(String key, int fallback, int min, int max) {
        return options.size(key, fallback, min, max);
    }

    Duration millis(String key, Duration fallback) {
        return options.duration(key, fallback);
    }

    boolean booleanValue(String key, boolean fallback) {
        return options.bool(key, fallback);
    }

    boolean has(String key) {
        return options.has(key);
    }

    String raw(String key) {
        return options.text(key).orElse("");
    }
}
