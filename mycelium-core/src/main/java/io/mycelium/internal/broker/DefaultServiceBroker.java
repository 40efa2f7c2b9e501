package io.mycelium.internal.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.ActionDefinition;
import io.mycelium.BrokerHealth;
import io.mycelium.BrokerOptions;
import io.mycelium.CallOptions;
import io.mycelium.DuplicateNodeIdException;
import io.mycelium.EmitOptions;
import io.mycelium.EventDefinition;
import io.mycelium.LifecycleHook;
import io.mycelium.MyceliumException;
import io.mycelium.PingResult;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.SurveyOptions;
import io.mycelium.SurveyResult;
import io.mycelium.internal.fault.ActionGuards;
import io.mycelium.internal.fault.EndpointBreakers;
import io.mycelium.internal.registry.LocalService;
import io.mycelium.internal.registry.NodeEntry;
import io.mycelium.internal.registry.Registry;
import io.mycelium.internal.stats.Statistics;
import io.mycelium.internal.transit.InboundHandler;
import io.mycelium.internal.transit.Settlement;
import io.mycelium.internal.transit.Transit;
import io.mycelium.internal.util.Ids;
import io.mycelium.internal.util.Json;
import io.mycelium.protocol.EventPacket;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.spi.Middleware;
import io.mycelium.spi.OutgoingEvent;
import io.mycelium.spi.Serializer;
import io.mycelium.stats.BrokerStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ServiceBroker}: lifecycle and registration here; calls, events and packets in helpers. */
public final class DefaultServiceBroker implements ServiceBroker, InboundHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultServiceBroker.class);
    private static final long CONNECT_TIMEOUT_SECONDS = 60;
    private static final long SEND_WAIT_MILLIS = 2_000;

    private enum State {
        NEW,
        STARTING,
        RUNNING,
        STOPPING,
        STOPPED
    }

    private final BrokerOptions options;
    private final Registry registry;
    private final Transit transit;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final Invoker invoker;
    private final Outbound outbound;
    private final EndpointBreakers breakers;
    private final List<Middleware> actionMiddlewares;
    private final EventBus events;
    private final RequestReceiver receiver;
    private final Messenger messenger;
    private final Surveyor surveyor;
    private final Service nodeService;
    private final Map<String, Service> pending = new LinkedHashMap<>();
    private final Object lifecycle = new Object();
    private volatile State state = State.NEW;
    private @Nullable ScheduledFuture<?> heartbeats;

    private DefaultServiceBroker(BrokerOptions options) {
        this.options = options;
        Serializer serializer = Plugins.serializer(options);
        Plugins.ChosenTransporter chosen = Plugins.transporter(options);
        var base = InfoBase.create(options.nodeId(), options.metadata());
        this.registry = new Registry(options.nodeId(), () -> base);
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mycelium-" + options.nodeId() + "-timer");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        Ids ids = new Ids();
        this.transit = new Transit(
                options.nodeId(),
                options.namespace(),
                serializer,
                chosen.transporter(),
                registry,
                scheduler,
                this,
                ids,
                options.streams(),
                options.disableBalancer(),
                Plugins.discoverer(options, chosen.transporter()).orElse(null));
        this.ownsExecutor = options.handlerExecutor().isEmpty();
        this.executor = options.handlerExecutor().orElseGet(Executors::newVirtualThreadPerTaskExecutor);
        this.invoker = new Invoker(executor, new Statistics(options.statistics()));
        transit.statisticsSource(this::statistics);
        // always kept, since an action may enable its own breaker; it costs a call one read while all are closed.
        // Its events are broadcast, as Moleculer does, so a monitor on another node hears them too.
        this.breakers = new EndpointBreakers(options.circuitBreaker(), scheduler, this::broadcast);
        Caller caller = new Caller(this, options, registry, transit, invoker, scheduler, ids, breakers);
        this.events = new EventBus(this, options, registry, transit, invoker, ids);
        this.messenger = new Messenger(this, options, registry, transit, invoker, ids);
        this.outbound = new Outbound(caller, events, messenger, options.middlewares());
        List<Middleware> all = new ArrayList<>(options.middlewares());
        all.add(new ActionGuards(options.bulkhead())); // innermost: right around the handler
        this.actionMiddlewares = List.copyOf(all);
        this.receiver = new RequestReceiver(this, options, registry, transit, invoker, scheduler);
        this.surveyor = new Surveyor(outbound, registry);
        this.nodeService = new NodeService(
                        registry, options, chosen.name(), serializer.name(), this::statistics, transit::connected)
                .definition();
    }

    public static ServiceBroker create(BrokerOptions options) {
        return new DefaultServiceBroker(options);
    }

    Outbound outbound() {
        return outbound;
    }

    EventBus events() {
        return events;
    }

    boolean acceptsCalls() {
        State s = state;
        return s == State.RUNNING || s == State.STARTING;
    }

    @Override
    public String nodeId() {
        return options.nodeId();
    }

    @Override
    public String namespace() {
        return options.namespace();
    }

    @Override
    public BrokerOptions options() {
        return options;
    }

    @Override
    public boolean running() {
        return state == State.RUNNING;
    }

    @Override
    public BrokerStatistics statistics() {
        return invoker.statistics().snapshot(nodeId(), transit.packets().snapshot());
    }

    @Override
    public BrokerHealth health() {
        State s = state;
        List<String> reasons = new ArrayList<>();
        boolean live = s != State.STOPPED;
        switch (s) {
            case NEW -> reasons.add("not started");
            case STARTING -> reasons.add("starting: services not started yet");
            case STOPPING -> reasons.add("stopping");
            case STOPPED -> reasons.add("stopped");
            case RUNNING -> {}
        }
        if ((s == State.RUNNING || s == State.STARTING) && !transit.connected()) {
            reasons.add("transporter " + transit.transporter().getClass().getSimpleName() + " not connected");
        }
        return new BrokerHealth(s.name(), live, s == State.RUNNING && reasons.isEmpty(), reasons);
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (state == State.STOPPED || state == State.STOPPING) {
                throw new IllegalStateException("broker " + nodeId() + " was stopped and cannot start again");
            }
            if (state != State.NEW) {
                return;
            }
            state = State.STARTING;
            try {
                transit.connect().get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                // Before any service starts or any INFO leaves: a duplicate leaves the mesh untouched.
                Duration window = options.duplicateIdCheck();
                // the probe ends itself on the broker's timer after the window; this bound is only a backstop,
                // as generous as the connect's, so a starved machine (a late timer) is not a failed start
                transit.checkUniqueId(window)
                        .get(
                                window.toMillis() + TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS),
                                TimeUnit.MILLISECONDS);
                startService(nodeService);
                for (Service s : pending.values()) {
                    startService(s);
                }
                pending.clear();
                state = State.RUNNING;
                transit.announce().get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                long every = options.heartbeatInterval().toMillis();
                heartbeats = scheduler.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
                servicesChanged(true);
                for (Middleware m : options.middlewares()) {
                    m.started(this);
                }
                LOG.info("Broker {} started (namespace '{}')", nodeId(), namespace());
            } catch (Exception e) {
                state = State.STOPPED;
                transit.disconnect();
                shutdownExecutors();
                Throwable cause =
                        e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (cause instanceof DuplicateNodeIdException duplicate) {
                    throw duplicate;
                }
                throw new MyceliumException(
                        "Broker " + nodeId() + " could not start: " + cause.getMessage(),
                        500,
                        "START_FAILED",
                        Json.nodes().nullNode(),
                        cause);
            }
        }
    }

    private void startService(Service service) throws Exception {
        runHooks(service.started());
        registry.registerLocal(new LocalService(service, actionMiddlewares));
    }

    private void runHooks(List<LifecycleHook> hooks) throws Exception {
        for (LifecycleHook hook : hooks) {
            hook.run(this);
        }
    }

    private void beat() {
        try {
            int cpu = Cpu.usage();
            registry.localCpu(cpu);
            transit.heartbeat(cpu);
            if (!transit.transporter().handlesDiscovery()) {
                for (String id : registry.silentNodes(options.heartbeatTimeout())) {
                    transit.nodeLeft(
                            id,
                            true,
                            "no heartbeat for " + options.heartbeatTimeout().toMillis() + " ms");
                }
            }
            registry.forgetOffline(options.offlineNodeTimeout());
            if (options.strategy().needsLatency()) {
                pingAll(options.heartbeatInterval());
            }
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat task failed", e);
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycle) {
            if (state == State.NEW) {
                state = State.STOPPED;
                shutdownExecutors();
                return;
            }
            if (state != State.RUNNING) {
                return;
            }
            state = State.STOPPING;
            registry.stopping();
            await(transit.broadcastInfo());
            servicesChanged(true);
            try {
                if (!invoker.awaitIdle(options.gracefulStopTimeout().toMillis())) {
                    LOG.warn(
                            "Broker {} stopped with {} handler(s) still running after the graceful stop timeout of {} ms",
                            nodeId(),
                            invoker.inFlight(),
                            options.gracefulStopTimeout().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<LocalService> services = new ArrayList<>(registry.localServices());
            java.util.Collections.reverse(services);
            for (LocalService s : services) {
                try {
                    runHooks(s.service().stopped());
                } catch (Exception e) {
                    LOG.warn("Stopped hook of service {} failed", s.fullName(), e);
                }
            }
            ScheduledFuture<?> hb = heartbeats;
            if (hb != null) {
                hb.cancel(false);
            }
            await(transit.sendDisconnect());
            await(transit.disconnect());
            transit.failAll(new MyceliumException(
                    "Broker " + nodeId() + " stopped",
                    503,
                    "BROKER_STOPPED",
                    Json.nodes().nullNode()));
            state = State.STOPPED;
            shutdownExecutors();
            for (Middleware m : options.middlewares()) {
                try {
                    m.stopped(this);
                } catch (RuntimeException e) {
                    LOG.warn("Middleware {} failed on stop", m.name(), e);
                }
            }
            LOG.info("Broker {} stopped", nodeId());
        }
    }

    private static void await(CompletableFuture<Void> f) {
        try {
            f.get(SEND_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Send during stop failed: {}", e.toString());
        }
    }

    private void shutdownExecutors() {
        scheduler.shutdownNow();
        if (ownsExecutor) {
            executor.shutdown();
        }
    }

    @Override
    public void register(Service service) {
        synchronized (lifecycle) {
            String full = service.fullName();
            if (pending.containsKey(full)
                    || registry.localServices().stream()
                            .anyMatch(s -> s.fullName().equals(full))) {
                throw new IllegalArgumentException("service " + full + " is already registered on " + nodeId());
            }
            switch (state) {
                case NEW -> pending.put(full, service);
                case STARTING, RUNNING -> {
                    try {
                        startService(service);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new MyceliumException(
                                "Service " + full + " failed to start: " + e.getMessage(),
                                500,
                                "SERVICE_START_FAILED",
                                Json.nodes().nullNode(),
                                e);
                    }
                    if (state == State.RUNNING) {
                        transit.broadcastInfo();
                        servicesChanged(true);
                    }
                }
                case STOPPING, STOPPED -> throw new IllegalStateException("broker " + nodeId() + " is stopped");
            }
        }
    }

    @Override
    public void register(Object annotatedService) {
        if (annotatedService instanceof Service s) {
            register(s);
        } else if (annotatedService instanceof Service.Builder b) {
            register(b.build());
        } else {
            register(AnnotatedServices.from(annotatedService));
        }
    }

    @Override
    public boolean unregister(String serviceFullName) {
        synchronized (lifecycle) {
            if (pending.remove(serviceFullName) != null) {
                return true;
            }
            var removed = registry.unregisterLocal(serviceFullName);
            if (removed.isEmpty()) {
                return false;
            }
            if (state == State.RUNNING) {
                transit.broadcastInfo();
                servicesChanged(true);
            }
            try {
                runHooks(removed.get().service().stopped());
            } catch (Exception e) {
                LOG.warn("Stopped hook of service {} failed", serviceFullName, e);
            }
            return true;
        }
    }

    private CompletableFuture<Object> rawCall(String action, @Nullable Object params, CallOptions options) {
        if (state == State.STOPPED) {
            return CompletableFuture.failedFuture(new MyceliumException(
                    "Broker " + nodeId() + " is stopped",
                    503,
                    "BROKER_STOPPED",
                    Json.nodes().nullNode()));
        }
        return outbound.call(null, action, params, options);
    }

    @Override
    public <T> CompletableFuture<T> call(String action, @Nullable Object params, Class<T> type) {
        return rawCall(action, params, CallOptions.none()).thenApply(r -> Json.convert(r, type));
    }

    @Override
    public <T> CompletableFuture<T> call(String action, @Nullable Object params, CallOptions options, Class<T> type) {
        return rawCall(action, params, options).thenApply(r -> Json.convert(r, type));
    }

    @Override
    public CompletableFuture<JsonNode> call(String action, @Nullable Object params) {
        return rawCall(action, params, CallOptions.none()).thenApply(Json::tree);
    }

    @Override
    public CompletableFuture<JsonNode> call(String action, @Nullable Object params, CallOptions options) {
        return rawCall(action, params, options).thenApply(Json::tree);
    }

    @Override
    public CompletableFuture<Void> send(String action, @Nullable Object params) {
        return send(action, params, CallOptions.none());
    }

    @Override
    public CompletableFuture<Void> send(String action, @Nullable Object params, CallOptions options) {
        if (state == State.STOPPED) {
            return CompletableFuture.failedFuture(stoppedError());
        }
        return outbound.send(null, action, params, options);
    }

    @Override
    public CompletableFuture<SurveyResult> survey(String action, @Nullable Object params, SurveyOptions options) {
        if (state == State.STOPPED) {
            return CompletableFuture.failedFuture(stoppedError());
        }
        return surveyor.survey(null, action, params, options);
    }

    private MyceliumException stoppedError() {
        return new MyceliumException(
                "Broker " + nodeId() + " is stopped",
                503,
                "BROKER_STOPPED",
                Json.nodes().nullNode());
    }

    @Override
    public boolean disableService(String serviceFullName) {
        return toggle(serviceFullName, false);
    }

    @Override
    public boolean enableService(String serviceFullName) {
        return toggle(serviceFullName, true);
    }

    @Override
    public boolean serviceEnabled(String serviceFullName) {
        synchronized (lifecycle) {
            return known(serviceFullName) && !registry.disabled(serviceFullName);
        }
    }

    private boolean known(String serviceFullName) {
        return pending.containsKey(serviceFullName)
                || registry.localServices().stream().anyMatch(s -> s.fullName().equals(serviceFullName));
    }

    private boolean toggle(String serviceFullName, boolean enabled) {
        synchronized (lifecycle) {
            if (!known(serviceFullName) || serviceFullName.startsWith("$")) {
                return false;
            }
            if (registry.enabled(serviceFullName, enabled) && state == State.RUNNING) {
                LOG.info("Service {} {} on {}", serviceFullName, enabled ? "enabled" : "disabled", nodeId());
                transit.broadcastInfo();
                servicesChanged(true);
            }
            return true;
        }
    }

    @Override
    public void addAction(String serviceFullName, ActionDefinition action) {
        change(
                serviceFullName,
                s -> s.withAction(action),
                ls -> ls.withAction(action, actionMiddlewares),
                false,
                "handles " + action.name());
    }

    @Override
    public boolean removeAction(String serviceFullName, String actionName) {
        return change(
                serviceFullName,
                s -> s.withoutAction(actionName),
                ls -> ls.withoutAction(actionName),
                true,
                "no longer handles " + actionName);
    }

    @Override
    public void addEvent(String serviceFullName, EventDefinition event) {
        change(
                serviceFullName,
                s -> s.withEvent(event),
                ls -> ls.withEvent(event, actionMiddlewares),
                false,
                "subscribed to " + event.name());
    }

    @Override
    public boolean removeEvent(String serviceFullName, String eventName) {
        return change(
                serviceFullName,
                s -> s.withoutEvent(eventName),
                ls -> ls.withoutEvent(eventName),
                true,
                "unsubscribed from " + eventName);
    }

    /**
     * One action or event added to or removed from a local service: a pending service gets a new
     * definition; a started one is replaced in the registry (new calls see it at once, calls already routed
     * keep their handler) and, once running, a new INFO is announced as when a service is toggled. False
     * when nothing changed.
     */
    private boolean change(
            String serviceFullName,
            java.util.function.UnaryOperator<Service> definition,
            java.util.function.UnaryOperator<LocalService> running,
            boolean removing,
            String what) {
        synchronized (lifecycle) {
            if (serviceFullName.startsWith("$")) {
                if (removing) {
                    return false;
                }
                throw new IllegalArgumentException("internal service " + serviceFullName + " cannot be changed");
            }
            Service waiting = pending.get(serviceFullName);
            if (waiting != null) {
                Service updated = definition.apply(waiting);
                pending.put(serviceFullName, updated);
                return updated != waiting;
            }
            LocalService current = registry.localService(serviceFullName).orElse(null);
            if (current == null) {
                if (removing) {
                    return false; // nothing to remove
                }
                throw new IllegalArgumentException("no local service " + serviceFullName + " on " + nodeId());
            }
            LocalService updated = running.apply(current);
            if (updated == current || !registry.replaceLocal(updated)) {
                return false;
            }
            if (state == State.RUNNING) {
                LOG.info("Service {} {} on {}", serviceFullName, what, nodeId());
                transit.broadcastInfo();
                servicesChanged(true);
            }
            return true;
        }
    }

    @Override
    public CompletableFuture<Void> emit(String event, @Nullable Object data) {
        return outbound.emit(null, event, data, EmitOptions.none(), OutgoingEvent.Kind.EMIT);
    }

    @Override
    public CompletableFuture<Void> emit(String event, @Nullable Object data, EmitOptions options) {
        return outbound.emit(null, event, data, options, OutgoingEvent.Kind.EMIT);
    }

    @Override
    public CompletableFuture<Void> broadcast(String event, @Nullable Object data) {
        return outbound.emit(null, event, data, EmitOptions.none(), OutgoingEvent.Kind.BROADCAST);
    }

    @Override
    public CompletableFuture<Void> broadcast(String event, @Nullable Object data, EmitOptions options) {
        return outbound.emit(null, event, data, options, OutgoingEvent.Kind.BROADCAST);
    }

    @Override
    public CompletableFuture<Void> broadcastLocal(String event, @Nullable Object data) {
        return outbound.emit(null, event, data, EmitOptions.none(), OutgoingEvent.Kind.BROADCAST_LOCAL);
    }

    @Override
    public CompletableFuture<PingResult> ping(String nodeId, Duration timeout) {
        return transit.ping(nodeId, timeout);
    }

    @Override
    public CompletableFuture<Map<String, PingResult>> pingAll(Duration timeout) {
        List<CompletableFuture<PingResult>> pings = new ArrayList<>();
        for (NodeEntry n : registry.nodes()) {
            if (!n.local() && n.available()) {
                pings.add(transit.ping(n.id(), timeout));
            }
        }
        return CompletableFuture.allOf(
                        pings.stream().map(p -> p.handle((r, e) -> r)).toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    Map<String, PingResult> out = new LinkedHashMap<>();
                    for (CompletableFuture<PingResult> p : pings) {
                        if (!p.isCompletedExceptionally()) {
                            PingResult r = p.join();
                            out.put(r.nodeId(), r);
                        }
                    }
                    return out;
                });
    }

    @Override
    public CompletableFuture<Void> waitForServices(Duration timeout, String... serviceNames) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            List<String> missing = new ArrayList<>();
            for (String name : serviceNames) {
                if (!registry.catalog().hasService(name)) {
                    missing.add(name);
                }
            }
            if (missing.isEmpty()) {
                done.complete(null);
            } else if (System.nanoTime() - deadline > 0) {
                done.completeExceptionally(new MyceliumException(
                        "Services " + missing + " did not become available within " + timeout.toMillis() + " ms",
                        504,
                        "WAIT_FOR_SERVICES",
                        Json.tree(missing)));
            } else {
                try {
                    scheduler.schedule(check[0], 25, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    done.completeExceptionally(new MyceliumException(
                            "Broker " + nodeId() + " stopped while waiting for " + missing,
                            503,
                            "BROKER_STOPPED",
                            Json.tree(missing)));
                }
            }
        };
        check[0].run();
        return done;
    }

    // ---- InboundHandler (transporter threads)

    @Override
    public void request(RequestPacket request, Settlement settlement) {
        receiver.receive(request, null, settlement);
    }

    @Override
    public void streamRequest(RequestPacket request, java.io.InputStream stream, Settlement settlement) {
        receiver.receive(request, stream, settlement);
    }

    @Override
    public void event(EventPacket event, Settlement settlement) {
        events.receive(event, settlement);
    }

    @Override
    public void nodeConnected(NodeEntry node, boolean reconnected) {
        LOG.info("Node {} {}", node.id(), reconnected ? "reconnected" : "connected");
        var data = Json.object();
        data.set("node", node.toJson(false));
        data.put("reconnected", reconnected);
        broadcastLocal("$node.connected", data);
    }

    @Override
    public void nodeDisconnected(NodeEntry node, boolean unexpected) {
        breakers.forget(node.id());
        var data = Json.object();
        data.set("node", node.toJson(false));
        data.put("unexpected", unexpected);
        broadcastLocal("$node.disconnected", data);
    }

    @Override
    public void servicesChanged(boolean local) {
        broadcastLocal("$services.changed", Json.object().put("localService", local));
    }

    @Override
    public String toString() {
        return "ServiceBroker[" + nodeId() + "]";
    }
}
