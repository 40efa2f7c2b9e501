package io.mycelium.internal.transit;

import java.util.concurrent.TimeUnit;

/**
 * Counts this node's broadcast DISCOVERs whose echo has not come back yet, so that a DISCOVER carrying
 * this node's id can be told to be someone else's (a broker echoes a node's broadcasts to it). An echo
 * comes back within milliseconds; one not back within {@link #ECHO_NANOS} never will (a transporter
 * without echo), and stops counting. Also rate-limits the report of foreign ones. Thread-safe.
 */
final class OwnDiscovers {
    private static final long ECHO_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private int pending;
    private long lastSentNanos;
    private long lastReportNanos;
    private boolean reported;

    /** This node broadcast a DISCOVER. */
    synchronized void sent() {
        long now = System.nanoTime();
        if (now - lastSentNanos > ECHO_NANOS) {
            pending = 0;
        }
        pending++;
        lastSentNanos = now;
    }

    /** A DISCOVER with this node's id arrived: true when it is the echo of one this node sent. */
    synchronized boolean echoed() {
        if (pending == 0 || System.nanoTime() - lastSentNanos > ECHO_NANOS) {
            pending = 0;
            return false;
        }
        pending--;
        return true;
    }

    /** True when a foreign DISCOVER should be reported now (at most one report every 10 s). */
    synchronized boolean reportForeign() {
        long now = System.nanoTime();
        if (reported && now - lastReportNanos < REPORT_EVERY_NANOS) {
            return false;
        }
        reported = true;
        lastReportNanos = now;
        return true;
    }
}
