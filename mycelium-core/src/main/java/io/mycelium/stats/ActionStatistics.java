package io.mycelium.stats;

import java.util.List;

/**
 * The calls of one action on one side, since the broker was created.
 *
 * @param action the action's full name, e.g. {@code math.add}
 * @param service the full name of the service it belongs to
 * @param side handled here or sent to another node
 * @param calls calls started
 * @param errors calls that ended with an error
 * @param errorsByType the errors by kind, most frequent first
 * @param inFlight calls started and not ended yet
 * @param latency latencies of the calls that ended recently
 * @param totalTime the time all ended calls took together, in nanoseconds (at microsecond precision)
 * @param lastError the last error, as {@code Name: message}; empty when none failed
 */
public record ActionStatistics(
        String action,
        String service,
        CallSide side,
        long calls,
        long errors,
        List<ErrorCount> errorsByType,
        long inFlight,
        Latency latency,
        long totalTime,
        String lastError) {

    public ActionStatistics {
        errorsByType = List.copyOf(errorsByType);
    }

    /** Figures without the total time and last error (kept for callers that build them). */
    public ActionStatistics(
            String action,
            String service,
            CallSide side,
            long calls,
            long errors,
            List<ErrorCount> errorsByType,
            long inFlight,
            Latency latency) {
        this(action, service, side, calls, errors, errorsByType, inFlight, latency, 0, "");
    }
}
