package io.mycelium.stats;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of one broker's statistics, from {@link io.mycelium.ServiceBroker#statistics()}.
 * Counters count since the broker was created; latencies cover the last 30 to 60 seconds. Rates (calls per
 * second) are the difference of two snapshots divided by the time between them.
 *
 * @param nodeId the node
 * @param takenAt when the snapshot was taken
 * @param enabled false when statistics were turned off ({@code statistics(false)} on the builder): then
 *     only the transport counters count
 * @param actions per action and side, sorted by action name
 * @param events per event handler, sorted by event name
 * @param emits per event name sent out, sorted by name
 * @param transport the packet counters
 */
public record BrokerStatistics(
        String nodeId,
        Instant takenAt,
        boolean enabled,
        List<ActionStatistics> actions,
        List<EventStatistics> events,
        List<EmitStatistics> emits,
        TransportStatistics transport) {

    public BrokerStatistics {
        actions = List.copyOf(actions);
        events = List.copyOf(events);
        emits = List.copyOf(emits);
    }

    /** The figures of {@code action} on {@code side}, when it was called. */
    public Optional<ActionStatistics> action(String action, CallSide side) {
        return actions.stream()
                .filter(a -> a.action().equals(action) && a.side() == side)
                .findFirst();
    }
}
