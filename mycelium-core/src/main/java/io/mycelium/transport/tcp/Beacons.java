package io.mycelium.transport.tcp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The UDP discovery datagram, without I/O. Without keys it is Moleculer's {@code namespace|nodeID|port}.
 * With keys it is {@code namespace|nodeID|port|time|keyId|mac}: {@code time} the sender's clock in
 * milliseconds (strictly increasing per sender), {@code mac} the HMAC-SHA256 of everything before it
 * under the key {@code keyId}, base64url; a receiver holding keys accepts only such datagrams, signed with
 * a key it holds, dated within {@link #WINDOW_MILLIS} of its clock and later than the last one accepted
 * from that node (no replay). Not thread-safe: one instance per discovery, used on its event loop.
 */
final class Beacons {

    /** How far a signed beacon's time may be from the receiver's clock. */
    static final long WINDOW_MILLIS = TimeUnit.SECONDS.toMillis(60);

    private static final int MAX_DATAGRAM = 1024;
    private static final int MAX_SENDERS = 4096;
    private static final String MAC = "HmacSHA256";

    /** A beacon that passed every check: the node it names and its TCP port. */
    record Beacon(String nodeId, int port) {}

    /** Why a datagram was not accepted; counted by the caller. */
    enum Rejection {
        MALFORMED,
        OTHER_NAMESPACE,
        UNSIGNED,
        BAD_SIGNATURE,
        STALE,
        REPLAYED
    }

    /** A beacon or why not. */
    record Verdict(@Nullable Beacon beacon, @Nullable Rejection rejection) {}

    private final String namespace;
    private final @Nullable Map<String, byte[]> keys;
    private final LongSupplier clock;
    private final Map<String, Long> lastTime = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_SENDERS;
        }
    };
    private long lastSent;

    /** @param keys secrets by key id, the first signs; null or empty for Moleculer's unsigned beacons */
    Beacons(String namespace, @Nullable Map<String, byte[]> keys, LongSupplier clock) {
        this.namespace = namespace;
        this.keys = keys == null || keys.isEmpty() ? null : keys;
        this.clock = clock;
    }

    boolean signed() {
        return keys != null;
    }

    /** The datagram announcing {@code nodeId} listening on {@code port}. */
    byte[] encode(String nodeId, int port) {
        String plain = namespace + "|" + nodeId + "|" + port;
        Map<String, byte[]> k = keys;
        if (k == null) {
            return plain.getBytes(StandardCharsets.UTF_8);
        }
        lastSent = Math.max(lastSent + 1, clock.getAsLong());
        Map.Entry<String, byte[]> key = k.entrySet().iterator().next();
        String body = plain + "|" + lastSent + "|" + key.getKey();
        return (body + "|" + mac(key.getValue(), body)).getBytes(StandardCharsets.UTF_8);
    }

    /** Checks a received datagram. */
    Verdict decode(byte[] datagram) {
        if (datagram.length > MAX_DATAGRAM) {
            return reject(Rejection.MALFORMED);
        }
        String[] parts = new String(datagram, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 3 && parts.length != 6) {
            return reject(Rejection.MALFORMED);
        }
        if (!parts[0].equals(namespace)) {
            return reject(Rejection.OTHER_NAMESPACE);
        }
        Optional<Integer> port = port(parts[2]);
        if (parts[1].isEmpty() || port.isEmpty()) {
            return reject(Rejection.MALFORMED);
        }
        Beacon beacon = new Beacon(parts[1], port.get());
        Map<String, byte[]> k = keys;
        if (k == null) {
            return new Verdict(beacon, null);
        }
        if (parts.length != 6) {
            return reject(Rejection.UNSIGNED);
        }
        byte[] secret = k.get(parts[4]);
        long time;
        try {
            time = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
            return reject(Rejection.MALFORMED);
        }
        String body = parts[0] + "|" + parts[1] + "|" + parts[2] + "|" + parts[3] + "|" + parts[4];
        if (secret == null
                || !MessageDigest.isEqual(
                        mac(secret, body).getBytes(StandardCharsets.US_ASCII),
                        parts[5].getBytes(StandardCharsets.US_ASCII))) {
            return reject(Rejection.BAD_SIGNATURE);
        }
        if (Math.abs(clock.getAsLong() - time) > WINDOW_MILLIS) {
            return reject(Rejection.STALE);
        }
        Long last = lastTime.get(beacon.nodeId());
        if (last != null && time <= last) {
            return reject(Rejection.REPLAYED);
        }
        lastTime.put(beacon.nodeId(), time);
        return new Verdict(beacon, null);
    }

    private static Verdict reject(Rejection why) {
        return new Verdict(null, why);
    }

    private static Optional<Integer> port(String text) {
        try {
            int p = Integer.parseInt(text.trim());
            return p > 0 && p <= 65535 ? Optional.of(p) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String mac(byte[] secret, String body) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(secret, MAC));
            mac.update("mycelium-udp-v1|".getBytes(StandardCharsets.US_ASCII));
            byte[] digest = mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
