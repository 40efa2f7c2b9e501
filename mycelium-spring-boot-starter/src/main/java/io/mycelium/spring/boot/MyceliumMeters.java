package io.mycelium.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.mycelium.ServiceBroker;
import io.mycelium.micrometer.MyceliumMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Publishes the broker's statistics to every {@link MeterRegistry} bean of the context. Not a
 * {@code MeterBinder} bean on purpose: {@link MyceliumMetrics} gives an action its meters only once it has
 * been called, so the registries are refreshed every {@link #REFRESH} for actions, events and error kinds
 * that appear later, which a one-time binding would never show.
 */
public final class MyceliumMeters implements SmartInitializingSingleton, DisposableBean {

    /** How often actions called since the last refresh get their meters. */
    static final Duration REFRESH = Duration.ofSeconds(10);

    private final MyceliumMetrics metrics;
    private final ObjectProvider<MeterRegistry> registries;
    private @Nullable ScheduledExecutorService refresher;

    MyceliumMeters(ServiceBroker broker, ObjectProvider<MeterRegistry> registries) {
        this.metrics = MyceliumMetrics.of(broker);
        this.registries = registries;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<MeterRegistry> all = registries.orderedStream().toList();
        if (all.isEmpty()) {
            return;
        }
        all.forEach(metrics::bindTo);
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mycelium-meters");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(this::refresh, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        refresher = s;
    }

    /** Gives what was called since the last refresh its meters in every registry (also run on a timer). */
    public void refresh() {
        registries.orderedStream().forEach(metrics::refresh);
    }

    @Override
    public void destroy() {
        ScheduledExecutorService s = refresher;
        if (s != null) {
            s.shutdownNow();
        }
    }
}
