package io.mycelium.transport.tcp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets for received UDP beacons: one per source address (the most recently seen {@link
 * #MAX_SOURCES}) and one for all, so a flood of datagrams costs the node a bounded amount of work and
 * dials. Legitimate nodes announce twice at start then every {@code udpPeriod} (30 s), far below the
 * rates. Not thread-safe: used on the discovery's event loop.
 */
final class BeaconLimiter {

    static final int PER_SOURCE_BURST = 20;
    static final double PER_SOURCE_PER_SECOND = 5;
    static final int GLOBAL_BURST = 100;
    static final double GLOBAL_PER_SECOND = 50;
    private static final int MAX_SOURCES = 1024;

    private static final class Bucket {
        double tokens;
        long refilledNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledNanos = now;
        }

        boolean take(double burst, double perSecond, long now) {
            tokens = Math.min(burst, tokens + (now - refilledNanos) / 1e9 * perSecond);
            refilledNanos = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }

    private final Bucket global = new Bucket(GLOBAL_BURST, System.nanoTime());
    private final Map<String, Bucket> sources = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    /** Whether a beacon from {@code source} may be looked at now. */
    boolean allow(String source) {
        long now = System.nanoTime();
        Bucket b = sources.computeIfAbsent(source, s -> new Bucket(PER_SOURCE_BURST, now));
        return b.take(PER_SOURCE_BURST, PER_SOURCE_PER_SECOND, now)
                && global.take(GLOBAL_BURST, GLOBAL_PER_SECOND, now);
    }
}
