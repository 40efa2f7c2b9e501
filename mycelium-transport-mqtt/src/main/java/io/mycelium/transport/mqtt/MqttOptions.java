package io.mycelium.transport.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Everything an {@code mqtt://user:password@host:port?option=value} URL says. Options (query string):
 *
 * <ul>
 *   <li>{@code qos} (0, as Moleculer; 1 for at-least-once to the broker);
 *   <li>{@code maxReconnectAttempts} (alias {@code reconnectAttempts}; -1 = forever), {@code reconnectDelay} (500 ms, doubled per attempt up to
 *       {@code maxReconnectDelay} (alias {@code reconnectMaxDelay}), 5000 ms), {@code connectTimeout} (5000 ms), {@code keepAlive} (10 s: a
 *       node gone silent without closing its socket has its last will, its DISCONNECT, published by the
 *       broker after 1.5 keep-alives; a killed process's will goes out at once);
 *   <li>{@code maxPayload} (16 MiB), {@code maxInFlight} (8192 sends not yet written);
 *   <li>{@code circuitThreshold} (3: calls to one node timing out in a row before it gets no new calls
 *       until it answers a ping; 0 = never).
 * </ul>
 *
 * {@code mqtts://} uses TLS with the JVM's default trust store and host name verification.
 */
record MqttOptions(
        boolean tls,
        String host,
        int port,
        Optional<String> username,
        Optional<String> password,
        MqttQos qos,
        int reconnectAttempts,
        Duration reconnectDelay,
        Duration reconnectMaxDelay,
        Duration connectTimeout,
        int keepAliveSeconds,
        int maxPayload,
        int maxInFlight,
        int circuitThreshold,
        String redactedUrl) {

    private static final Set<String> KNOWN = Set.of(
            "qos",
            "maxReconnectAttempts",
            "reconnectDelay",
            "maxReconnectDelay",
            "connectTimeout",
            "keepAlive",
            "maxPayload",
            "maxInFlight",
            "circuitThreshold");

    static MqttOptions parse(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("mqtt") && !scheme.equals("mqtts")) {
            throw new IllegalArgumentException("Not an MQTT URL (mqtt:// or mqtts://): " + url.getScheme());
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("MQTT URL has no host: mqtt://host[:port]");
        }
        QueryOptions q = new QueryOptions(url, KNOWN);
        boolean tls = scheme.equals("mqtts");
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = url.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
        }
        int qos = q.intValue("qos", 0, 0, 1);
        return new MqttOptions(
                tls,
                url.getHost(),
                url.getPort() > 0 ? url.getPort() : tls ? 8883 : 1883,
                user,
                password,
                qos == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE,
                q.intValue("maxReconnectAttempts", -1, -1, Integer.MAX_VALUE),
                q.millis("reconnectDelay", Duration.ofMillis(500)),
                q.millis("maxReconnectDelay", Duration.ofSeconds(5)),
                q.millis("connectTimeout", Duration.ofSeconds(5)),
                q.intValue("keepAlive", 10, 0, 65535),
                q.size("maxPayload", 16 * 1024 * 1024, 1, 256 * 1024 * 1024 - 65536),
                q.intValue("maxInFlight", 8192, 1, 1 << 20),
                q.intValue("circuitThreshold", 3, 0, 1_000_000),
                q.redacted());
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
        return "MqttOptions[" + redactedUrl + ", qos=" + qos + "]";
    }
}
