package io.mycelium.internal.stats;

import io.mycelium.MyceliumException;
import io.mycelium.internal.util.ErrorCodec;
import io.mycelium.stats.ErrorCount;
import io.mycelium.stats.Latency;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Counters and recent latencies of one action on one side, or of one event handler. Thread-safe and
 * lock-free on the recording path; memory is fixed: two histograms and at most {@link #MAX_ERROR_KINDS}
 * error counters (further kinds are counted under {@code OtherError}).
 */
final class CallMeter {
    static final int MAX_ERROR_KINDS = 32;
    private static final ErrorKind OTHER = new ErrorKind("OtherError", 500, "");

    private final LongAdder started = new LongAdder();
    private final LongAdder ended = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder totalMicros = new LongAdder();
    private volatile String lastError = "";
    private final ConcurrentHashMap<ErrorKind, LongAdder> errors = new ConcurrentHashMap<>();
    private final RecentLatency latency;

    private record ErrorKind(String name, int code, String type) {
        static ErrorKind of(Throwable error) {
            Throwable cause = ErrorCodec.unwrap(error);
            if (cause instanceof MyceliumException me) {
                return new ErrorKind(me.name(), me.code(), me.type());
            }
            return new ErrorKind(cause.getClass().getSimpleName(), 500, "");
        }
    }

    CallMeter(long nowNanos) {
        this.latency = new RecentLatency(nowNanos);
    }

    /** Counts a call in; returns the start time to give {@link #ended}. */
    long start() {
        started.increment();
        return System.nanoTime();
    }

    void ended(long startNanos, @Nullable Throwable error) {
        long now = System.nanoTime();
        long micros = (now - startNanos) / 1000;
        latency.record(micros, now);
        totalMicros.add(micros);
        if (error != null) {
            failed.increment();
            ErrorKind kind = ErrorKind.of(error);
            lastError = describe(error);
            LongAdder counter = errors.get(kind);
            if (counter == null) {
                counter = errors.size() < MAX_ERROR_KINDS
                        ? errors.computeIfAbsent(kind, k -> new LongAdder())
                        : errors.computeIfAbsent(OTHER, k -> new LongAdder());
            }
            counter.increment();
        }
        ended.increment(); // last, so that in-flight never reads negative
    }

    /** {@code Name: message} of an error, as NATS micro's {@code last_error}; at most 200 characters. */
    private static String describe(Throwable error) {
        Throwable cause = ErrorCodec.unwrap(error);
        String name = cause instanceof MyceliumException me
                ? me.name()
                : cause.getClass().getSimpleName();
        String message = cause.getMessage();
        String text = message == null || message.isEmpty() ? name : name + ": " + message;
        return text.length() <= 200 ? text : text.substring(0, 200);
    }

    /** The time all ended calls took together, in nanoseconds (microsecond precision). */
    long totalNanos() {
        return totalMicros.sum() * 1000;
    }

    /** The last error, empty when none. */
    String lastError() {
        return lastError;
    }

    long calls() {
        return started.sum();
    }

    long errors() {
        return failed.sum();
    }

    long inFlight() {
        // ended before started: a call ending between the two reads is not seen as ended before it started
        long done = ended.sum();
        return Math.max(0, started.sum() - done);
    }

    List<ErrorCount> errorsByType() {
        List<ErrorCount> out = new ArrayList<>();
        errors.forEach((k, v) -> out.add(new ErrorCount(k.name(), k.code(), k.type(), v.sum())));
        out.sort(Comparator.comparingLong(ErrorCount::count).reversed().thenComparing(ErrorCount::name));
        return out;
    }

    Latency latency(long nowNanos) {
        return latency.snapshot(nowNanos);
    }
}
