package io.mycelium.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mycelium.ServiceBroker;
import io.mycelium.stats.ActionStatistics;
import io.mycelium.stats.BrokerStatistics;
import io.mycelium.stats.ErrorCount;
import io.mycelium.stats.EventStatistics;
import io.mycelium.stats.Latency;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a broker's statistics ({@link ServiceBroker#statistics()}) to a Micrometer {@link MeterRegistry}
 * under Moleculer's metric names: {@code moleculer.request.total}, {@code moleculer.request.error.total}
 * (counters), {@code moleculer.request.active} (gauge), {@code moleculer.request.time} (time gauges tagged
 * {@code quantile=0.5|0.9|0.95|0.99|0.999}), the {@code moleculer.event.received.*} equivalents and the
 * {@code moleculer.transporter.packets.*} counters. Tags are Moleculer's labels ({@code service},
 * {@code action}, {@code type}, …); each registry renders the names its own way ({@code
 * moleculer_request_total} for Prometheus).
 *
 * <pre>{@code
 * MyceliumMetrics metrics = MyceliumMetrics.of(broker);
 * metrics.bindTo(registry);   // meters for what was called so far
 * metrics.refresh(registry);  // call again (e.g. before each scrape, or on a timer) to add new actions
 * }</pre>
 *
 * <p>Meters read the broker's statistics when the registry asks (a scrape, a publish); one snapshot serves
 * all meters read within {@link #maxAge} (default one second), so a scrape costs one snapshot. Actions,
 * events and error kinds that appear later get their meters at the next {@link #refresh}. Thread-safe.
 */
public final class MyceliumMetrics implements MeterBinder {
    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99, 0.999};

    private final ServiceBroker broker;
    private final long maxAgeNanos;
    private final Set<String> bound = ConcurrentHashMap.newKeySet();
    private volatile BrokerStatistics latest;
    private volatile long takenAt;

    private MyceliumMetrics(ServiceBroker broker, Duration maxAge) {
        this.broker = broker;
        this.maxAgeNanos = maxAge.toNanos();
        this.latest = broker.statistics();
        this.takenAt = System.nanoTime();
    }

    /** Meters over {@code broker}'s statistics, a snapshot serving reads within one second. */
    public static MyceliumMetrics of(ServiceBroker broker) {
        return new MyceliumMetrics(broker, Duration.ofSeconds(1));
    }

    /** As {@link #of(ServiceBroker)}, a snapshot serving reads within {@code maxAge} (zero: every read). */
    public static MyceliumMetrics of(ServiceBroker broker, Duration maxAge) {
        return new MyceliumMetrics(broker, maxAge);
    }

    /** How long one snapshot serves meter reads. */
    public Duration maxAge() {
        return Duration.ofNanos(maxAgeNanos);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String node = broker.nodeId();
        Tags tags = Tags.of("nodeID", node);
        counter(registry, "moleculer.transporter.packets.sent.total", tags, s -> s.transport()
                .packetsSent());
        counter(registry, "moleculer.transporter.packets.sent.bytes", tags, s -> s.transport()
                .bytesSent());
        counter(registry, "moleculer.transporter.packets.received.total", tags, s -> s.transport()
                .packetsReceived());
        counter(registry, "moleculer.transporter.packets.received.bytes", tags, s -> s.transport()
                .bytesReceived());
        refresh(registry);
    }

    /** Adds meters for the actions, event handlers and error kinds that appeared since the last call. */
    public void refresh(MeterRegistry registry) {
        BrokerStatistics s = snapshot(true);
        for (ActionStatistics a : s.actions()) {
            Tags tags = Tags.of(
                    "nodeID",
                    s.nodeId(),
                    "service",
                    a.service(),
                    "action",
                    a.action(),
                    "type",
                    a.side().label());
            if (bound.add("a|" + tags)) {
                String action = a.action();
                var side = a.side();
                ToDoubleFunction<MyceliumMetrics> calls =
                        m -> m.action(action, side).map(ActionStatistics::calls).orElse(0L);
                FunctionCounter.builder("moleculer.request.total", this, calls)
                        .tags(tags)
                        .description("Number of requests")
                        .register(registry);
                Gauge.builder("moleculer.request.active", this, m -> m.action(action, side)
                                .map(ActionStatistics::inFlight)
                                .orElse(0L))
                        .tags(tags)
                        .description("Number of active requests")
                        .register(registry);
                for (int i = 0; i < QUANTILES.length; i++) {
                    int q = i;
                    TimeGauge.builder("moleculer.request.time", this, TimeUnit.MILLISECONDS, m -> m.action(action, side)
                                    .map(x -> quantile(x.latency(), q))
                                    .orElse(0.0))
                            .tags(tags.and("quantile", Double.toString(QUANTILES[q])))
                            .description("Request times over the last 30 to 60 seconds")
                            .register(registry);
                }
            }
            for (ErrorCount e : a.errorsByType()) {
                Tags et =
                        tags.and("errorName", e.name(), "errorCode", Integer.toString(e.code()), "errorType", e.type());
                if (bound.add("e|" + et)) {
                    String action = a.action();
                    var side = a.side();
                    String name = e.name();
                    int code = e.code();
                    String type = e.type();
                    FunctionCounter.builder("moleculer.request.error.total", this, m -> m.action(action, side)
                                    .map(x -> errors(x.errorsByType(), name, code, type))
                                    .orElse(0L))
                            .tags(et)
                            .description("Number of request errors")
                            .register(registry);
                }
            }
        }
        for (EventStatistics e : s.events()) {
            Tags tags = Tags.of("nodeID", s.nodeId(), "service", e.service(), "group", e.group(), "event", e.event());
            if (bound.add("v|" + tags)) {
                String event = e.event();
                String service = e.service();
                FunctionCounter.builder("moleculer.event.received.total", this, m -> m.event(event, service)
                                .map(EventStatistics::received)
                                .orElse(0L))
                        .tags(tags)
                        .description("Number of received events")
                        .register(registry);
                FunctionCounter.builder("moleculer.event.received.error.total", this, m -> m.event(event, service)
                                .map(EventStatistics::errors)
                                .orElse(0L))
                        .tags(tags)
                        .description("Number of event execution errors")
                        .register(registry);
                Gauge.builder("moleculer.event.received.active", this, m -> m.event(event, service)
                                .map(EventStatistics::inFlight)
                                .orElse(0L))
                        .tags(tags)
                        .description("Number of active event executions")
                        .register(registry);
            }
        }
    }

    private void counter(
            MeterRegistry registry, String name, Tags tags, java.util.function.ToLongFunction<BrokerStatistics> f) {
        FunctionCounter.builder(name, this, m -> f.applyAsLong(m.snapshot(false)))
                .tags(tags)
                .register(registry);
    }

    private BrokerStatistics snapshot(boolean fresh) {
        long now = System.nanoTime();
        if (fresh || now - takenAt > maxAgeNanos) {
            latest = broker.statistics();
            takenAt = now;
        }
        return latest;
    }

    private java.util.Optional<ActionStatistics> action(String action, io.mycelium.stats.CallSide side) {
        return snapshot(false).action(action, side);
    }

    private java.util.Optional<EventStatistics> event(String event, String service) {
        return snapshot(false).events().stream()
                .filter(e -> e.event().equals(event) && e.service().equals(service))
                .findFirst();
    }

    private static long errors(List<ErrorCount> errors, String name, int code, String type) {
        long n = 0;
        for (ErrorCount e : errors) {
            if (e.name().equals(name) && e.code() == code && e.type().equals(type)) {
                n += e.count();
            }
        }
        return n;
    }

    private static double quantile(Latency l, int i) {
        return switch (i) {
            case 0 -> l.p50();
            case 1 -> l.p90();
            case 2 -> l.p95();
            case 3 -> l.p99();
            default -> l.p999();
        };
    }
}
