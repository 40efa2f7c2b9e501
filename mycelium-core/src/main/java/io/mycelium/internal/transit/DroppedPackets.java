package io.mycelium.internal.transit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound packets dropped because they are not what they claim to be: counted by reason, and reported by at
 * most one warning every few seconds (a hostile peer sending thousands must not flood the log). Thread-safe.
 */
public final class DroppedPackets {
    private static final Logger LOG = LoggerFactory.getLogger(DroppedPackets.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Why a packet was dropped. */
    public enum Reason {
        /** Its {@code sender} is not the node its connection authenticated as. */
        SPOOFED_SENDER("sender differs from the node the connection authenticated as"),
        /** A RESPONSE (or PONG) from another node than the one the request was sent to. */
        WRONG_RESPONDER("answer from another node than the one asked"),
        /** A RESPONSE (or PONG) for no call in flight: late after its timeout, or forged. */
        UNKNOWN_REQUEST("answer to no call in flight (late, or forged)");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private static final Reason[] REASONS = Reason.values();

    private final LongAdder[] counts = new LongAdder[REASONS.length];
    private final AtomicLong[] reported = new AtomicLong[REASONS.length];
    private final AtomicReferenceArray<String> last = new AtomicReferenceArray<>(REASONS.length);
    private final AtomicLong nextWarnNanos = new AtomicLong(System.nanoTime());

    DroppedPackets() {
        for (int i = 0; i < REASONS.length; i++) {
            counts[i] = new LongAdder();
            reported[i] = new AtomicLong();
        }
    }

    /** Counts one dropped packet; {@code what} describes it for the log (type, id, sender). */
    void drop(Reason reason, String what) {
        counts[reason.ordinal()].increment();
        last.set(reason.ordinal(), what);
        long now = System.nanoTime();
        long next = nextWarnNanos.get();
        if (now - next >= 0 && nextWarnNanos.compareAndSet(next, now + WARN_EVERY_NANOS)) {
            report();
        }
    }

    private void report() {
        StringBuilder line = new StringBuilder();
        for (Reason r : REASONS) {
            long total = counts[r.ordinal()].sum();
            long fresh = total - reported[r.ordinal()].getAndSet(total);
            if (fresh > 0) {
                line.append(line.isEmpty() ? "" : "; ")
                        .append(fresh)
                        .append(" (")
                        .append(r.text)
                        .append(", last: ")
                        .append(last.get(r.ordinal()))
                        .append(')');
            }
        }
        if (!line.isEmpty()) {
            LOG.warn("Dropped inbound packets: {}. At most one such line every {} s.", line, 5);
        }
    }

    /** Packets dropped for {@code reason} since the broker started. */
    public long count(Reason reason) {
        return counts[reason.ordinal()].sum();
    }

    /** Packets dropped for any reason since the broker started. */
    public long total() {
        long sum = 0;
        for (LongAdder a : counts) {
            sum += a.sum();
        }
        return sum;
    }
}
