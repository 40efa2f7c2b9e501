package io.mycelium.transport.amqp;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Everything an {@code amqp://user:password@host:port/vhost?option=value} URL says. Options (query string),
 * named after Moleculer's AMQP transporter where it has them:
 *
 * <ul>
 *   <li>{@code prefetch} (1): unacknowledged REQUEST / balanced packets a consumer may hold; a balanced
 *       packet is acknowledged when its handler ends, so this bounds the handlers of one balanced action
 *       or event group that run on this node at once (as Moleculer);
 *   <li>{@code autoDeleteQueues} (120000 ms; {@code false} or -1 = never): {@code x-expires} of REQ, RES and
 *       EVENT queues;
 *   <li>{@code eventTimeToLive}, {@code heartbeatTimeToLive} (unset): {@code x-message-ttl} (durations);
 *   <li>{@code maxReconnectAttempts} (alias {@code reconnectAttempts}; -1 = forever), {@code reconnectDelay} (500 ms, doubled per attempt up to
 *       {@code maxReconnectDelay} (alias {@code reconnectMaxDelay}), 5000 ms), {@code connectTimeout} (5000 ms), {@code heartbeat} (AMQP
 *       heartbeat, 10 s);
 *   <li>{@code maxPayload} (16 MiB), {@code sendQueue} (8192 packets waiting to be written);
 *   <li>{@code tlsVerifyHostname} (true) for {@code amqps://}, which trusts the JVM's default trust store;
 *   <li>{@code probeInterval} (1000 ms; 0 = never): how often the consumer count of each known node's
 *       {@code REQ} queue is checked (0 consumers: the node died);
 *   <li>{@code circuitThreshold} (3; 0 = never): calls to one node timing out in a row before it gets no new
 *       calls until it answers a ping.
 * </ul>
 */
record AmqpOptions(
        boolean tls,
        String host,
        int port,
        String username,
        String password,
        String virtualHost,
        int prefetch,
        OptionalLong queueExpiresMs,
        OptionalLong eventTtlMs,
        OptionalLong heartbeatTtlMs,
        int reconnectAttempts,
        Duration reconnectDelay,
        Duration reconnectMaxDelay,
        Duration connectTimeout,
        int heartbeatSeconds,
        int maxPayload,
        int sendQueue,
        boolean tlsVerifyHostname,
        Duration probeInterval,
        int circuitThreshold,
        String redactedUrl) {

    static final long DEFAULT_QUEUE_EXPIRES_MS = 2 * 60 * 1000;

    private static final Set<String> KNOWN = Set.of(
            "prefetch",
            "autoDeleteQueues",
            "eventTimeToLive",
            "heartbeatTimeToLive",
            "maxReconnectAttempts",
            "reconnectDelay",
            "maxReconnectDelay",
            "connectTimeout",
            "heartbeat",
            "maxPayload",
            "sendQueue",
            "tlsVerifyHostname",
            "probeInterval",
            "circuitThreshold");

    static AmqpOptions parse(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
            throw new IllegalArgumentException("Not an AMQP URL (amqp:// or amqps://): " + url.getScheme());
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("AMQP URL has no host: amqp://host[:port][/vhost]");
        }
        QueryOptions q = new QueryOptions(url, KNOWN);
        boolean tls = scheme.equals("amqps");
        String user = "guest";
        String password = "guest";
        String userInfo = url.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String vhost = path.length() <= 1 ? "/" : decode(path.substring(1));
        if (path.length() > 1 && path.substring(1).contains("/")) {
            throw new IllegalArgumentException("AMQP URL path must be one virtual host (encode '/' as %2F): " + path);
        }
        OptionalLong expires = OptionalLong.of(DEFAULT_QUEUE_EXPIRES_MS);
        if (q.has("autoDeleteQueues")) {
            String raw = q.raw("autoDeleteQueues").trim();
            if (raw.equals("false") || raw.equals("-1")) {
                expires = OptionalLong.empty();
            } else if (!raw.equals("true")) {
                expires = OptionalLong.of(millis(q, "autoDeleteQueues"));
            }
        }
        return new AmqpOptions(
                tls,
                url.getHost(),
                url.getPort() > 0 ? url.getPort() : tls ? 5671 : 5672,
                user,
                password,
                vhost,
                q.intValue("prefetch", 1, 1, 65535),
                expires,
                optional(q, "eventTimeToLive"),
                optional(q, "heartbeatTimeToLive"),
                q.intValue("maxReconnectAttempts", -1, -1, Integer.MAX_VALUE),
                q.millis("reconnectDelay", Duration.ofMillis(500)),
                q.millis("maxReconnectDelay", Duration.ofSeconds(5)),
                q.millis("connectTimeout", Duration.ofSeconds(5)),
                q.intValue("heartbeat", 10, 0, 3600),
                q.size("maxPayload", 16 * 1024 * 1024, 1, 128 * 1024 * 1024),
                q.intValue("sendQueue", 8192, 1, 1 << 20),
                q.booleanValue("tlsVerifyHostname", true),
                q.millis("probeInterval", Duration.ofSeconds(1)),
                q.intValue("circuitThreshold", 3, 0, 1_000_000),
                q.redacted());
    }

    private static OptionalLong optional(QueryOptions q, String key) {
        return q.has(key) ? OptionalLong.of(millis(q, key)) : OptionalLong.empty();
    }

    /** A duration option as the whole milliseconds AMQP arguments take: 1 ms to 2^31-1 ms. */
    private static long millis(QueryOptions q, String key) {
        long ms = q.millis(key, Duration.ZERO).toMillis();
        if (ms < 1 || ms > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "option '" + key + "' must be between 1ms and " + Integer.MAX_VALUE + "ms, got " + ms + "ms");
        }
        return ms;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The delay before reconnect attempt {@code attempt} (1-based): doubling, capped. */
    Duration backoff(int attempt) {
        long base = Math.max(1, reconnectDelay.toMillis());
        long delay = base << Math.min(Math.max(0, attempt - 1), 20);
        return Duration.ofMillis(Math.min(delay, Math.max(base, reconnectMaxDelay.toMillis())));
    }

    @Override
    public String toString() {
        return "AmqpOptions[" + redactedUrl + ", vhost=" + virtualHost + ", prefetch=" + prefetch + "]";
    }
}
