package io.mycelium.internal.stats;

import io.mycelium.stats.ActionStatistics;
import io.mycelium.stats.BrokerStatistics;
import io.mycelium.stats.CallSide;
import io.mycelium.stats.EmitStatistics;
import io.mycelium.stats.EventStatistics;
import io.mycelium.stats.TransportStatistics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The statistics of one broker. The call path calls {@link #actionStarted} / {@link #eventStarted} and
 * finishes the returned {@link CallTimer}; {@link #emitted} counts events sent out. Thread-safe, lock-free
 * on those paths (one map lookup, two clock reads, a few adders).
 *
 * <p>Memory is bounded: at most {@link #MAX_KEYS} actions, event handlers and emitted event names each;
 * past that, further names are counted under {@code (other)} (event names are chosen by callers and could
 * otherwise grow without bound).
 */
public final class Statistics {
    static final int MAX_KEYS = 1024;
    static final String OTHER = "(other)";

    private record ActionKey(String action, String service, CallSide side) {}

    private record EventKey(String event, String service, String group) {}

    // where names past MAX_KEYS are counted; built once, not on every lookup
    private static final EventKey OTHER_EVENT = new EventKey(OTHER, OTHER, OTHER);

    private static final class Emits {
        final LongAdder emitted = new LongAdder();
        final LongAdder broadcast = new LongAdder();
        final LongAdder broadcastLocal = new LongAdder();
    }

    private final boolean enabled;
    private final ConcurrentHashMap<ActionKey, CallMeter> actions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<EventKey, CallMeter> events = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Emits> emits = new ConcurrentHashMap<>();

    public Statistics(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** A call of {@code action} (of {@code service}) starts on {@code side}; finish the timer when it ends. */
    public CallTimer actionStarted(String action, String service, CallSide side) {
        if (!enabled) {
            return CallTimer.OFF;
        }
        CallMeter meter = meter(actions, new ActionKey(action, service, side), new ActionKey(OTHER, OTHER, side));
        return new CallTimer.Running(meter, meter.start());
    }

    /** A local handler of {@code event} (in {@code service}, {@code group}) starts; finish when it ends. */
    public CallTimer eventStarted(String event, String service, String group) {
        if (!enabled) {
            return CallTimer.OFF;
        }
        CallMeter meter = meter(events, new EventKey(event, service, group), OTHER_EVENT);
        return new CallTimer.Running(meter, meter.start());
    }

    /** This node sent {@code event} out: emitted, broadcast, or broadcast to local handlers only. */
    public void emitted(String event, boolean broadcast, boolean localOnly) {
        if (!enabled) {
            return;
        }
        Emits e = emits.get(event);
        if (e == null) {
            e = emits.size() < MAX_KEYS
                    ? emits.computeIfAbsent(event, k -> new Emits())
                    : emits.computeIfAbsent(OTHER, k -> new Emits());
        }
        (broadcast ? (localOnly ? e.broadcastLocal : e.broadcast) : e.emitted).increment();
    }

    private static <K> CallMeter meter(ConcurrentHashMap<K, CallMeter> map, K key, K other) {
        CallMeter m = map.get(key);
        if (m != null) {
            return m;
        }
        long now = System.nanoTime();
        return map.size() < MAX_KEYS
                ? map.computeIfAbsent(key, k -> new CallMeter(now))
                : map.computeIfAbsent(other, k -> new CallMeter(now));
    }

    /** An immutable snapshot; {@code transport} comes from the transit's {@link PacketCounters}. */
    public BrokerStatistics snapshot(String nodeId, TransportStatistics transport) {
        long now = System.nanoTime();
        List<ActionStatistics> a = new ArrayList<>();
        actions.forEach((k, m) -> {
            long inFlight = m.inFlight(); // first: the errors of every call seen ended are then all counted
            a.add(new ActionStatistics(
                    k.action(),
                    k.service(),
                    k.side(),
                    m.calls(),
                    m.errors(),
                    m.errorsByType(),
                    inFlight,
                    m.latency(now),
                    m.totalNanos(),
                    m.lastError()));
        });
        a.sort(Comparator.comparing(ActionStatistics::action).thenComparing(ActionStatistics::side));
        List<EventStatistics> e = new ArrayList<>();
        events.forEach((k, m) -> {
            long inFlight = m.inFlight(); // first: the errors of every call seen ended are then all counted
            e.add(new EventStatistics(
                    k.event(),
                    k.service(),
                    k.group(),
                    m.calls(),
                    m.errors(),
                    m.errorsByType(),
                    inFlight,
                    m.latency(now)));
        });
        e.sort(Comparator.comparing(EventStatistics::event).thenComparing(EventStatistics::service));
        List<EmitStatistics> s = new ArrayList<>();
        emits.forEach(
                (k, v) -> s.add(new EmitStatistics(k, v.emitted.sum(), v.broadcast.sum(), v.broadcastLocal.sum())));
        s.sort(Comparator.comparing(EmitStatistics::event));
        return new BrokerStatistics(nodeId, Instant.now(), enabled, a, e, s, transport);
    }
}
