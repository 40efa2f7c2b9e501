package io.mycelium.stats;

import java.util.List;

/**
 * The events one local handler received, since the broker was created.
 *
 * @param event the event name
 * @param service the full name of the service whose handler ran
 * @param group the event group
 * @param received handler runs started
 * @param errors handler runs that threw
 * @param errorsByType the errors by kind, most frequent first
 * @param inFlight handler runs not ended yet
 * @param latency run times of the recent ones
 */
public record EventStatistics(
        String event,
        String service,
        String group,
        long received,
        long errors,
        List<ErrorCount> errorsByType,
        long inFlight,
        Latency latency) {

    public EventStatistics {
        errorsByType = List.copyOf(errorsByType);
    }
}
