package io.mycelium.transport.tcp;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Rate-limited warnings: at most {@code perWindow} lines per window, the next line after a quiet spell
 * saying how many were left out. A hostile peer can make a node close thousands of connections or drop
 * thousands of datagrams a second; the log must not grow with it. Thread-safe.
 */
final class LogLimiter {

    private final Logger log;
    private final int perWindow;
    private final long windowNanos;
    private long windowStart;
    private int inWindow;
    private long suppressed;
    private long logged;

    LogLimiter(Logger log, int perWindow, long window, TimeUnit unit) {
        this.log = log;
        this.perWindow = perWindow;
        this.windowNanos = unit.toNanos(window);
        this.windowStart = System.nanoTime() - windowNanos;
    }

    /** Logs a warning unless the window's share is used up; the arguments are SLF4J's. */
    void warn(String format, Object... args) {
        long left;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - windowStart >= windowNanos) {
                windowStart = now;
                inWindow = 0;
            }
            if (inWindow >= perWindow) {
                suppressed++;
                return;
            }
            inWindow++;
            logged++;
            left = suppressed;
            suppressed = 0;
        }
        if (left > 0) {
            log.warn(format + " (" + left + " similar messages suppressed before)", args);
        } else {
            log.warn(format, args);
        }
    }

    /** Lines written so far. */
    synchronized long logged() {
        return logged;
    }
}
