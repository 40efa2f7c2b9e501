package io.mycelium.transport.tcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Nodes learned from discovery that never answered: a forged UDP beacon names a node that does not exist
 * at an address of the sender's choosing. Such a node is forgotten after {@link #FAILED_DIALS} failed
 * dials or {@link #UNANSWERED_NANOS} without an answer, and beacons naming it are then ignored for a
 * quarantine that doubles each time it is forgotten again (30 s up to 10 min). Confined to the control
 * event loop, like {@link Gossip}.
 */
final class Ghosts {

    static final int FAILED_DIALS = 2;
    static final long UNANSWERED_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long QUARANTINE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long MAX_QUARANTINE_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final int MAX_REMEMBERED = 4096;

    private record Sentence(long untilNanos, int strikes) {}

    private final Map<String, Sentence> quarantine = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sentence> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    /** Whether beacons naming {@code nodeId} are ignored now. */
    boolean quarantined(String nodeId, long nowNanos) {
        Sentence s = quarantine.get(nodeId);
        return s != null && nowNanos - s.untilNanos() < 0;
    }

    /** {@code nodeId} was forgotten as a ghost; returns how long it is quarantined, in ms. */
    long forgotten(String nodeId, long nowNanos) {
        Sentence old = quarantine.get(nodeId);
        int strikes = old == null ? 0 : Math.min(old.strikes() + 1, 10);
        long nanos = Math.min(MAX_QUARANTINE_NANOS, QUARANTINE_NANOS << strikes);
        quarantine.put(nodeId, new Sentence(nowNanos + nanos, strikes));
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** A node that answered is no ghost. */
    void answered(String nodeId) {
        quarantine.remove(nodeId);
    }
}
