package io.mycelium.internal.fault;

import io.mycelium.CircuitBreakerPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit of every endpoint (one action on one node) this node calls; see {@link CircuitBreakerPolicy}.
 * The router asks {@link #callable} to screen candidates, then {@link #admit} for the one it picked (which
 * takes the single half-open probe), and reports how each call {@link #ended}. Each circuit keeps the
 * policy of its endpoint (the action's own settings over the broker's), resolved once, at its first
 * counted failure. Every change of state is told as Moleculer's {@code $circuit-breaker.opened},
 * {@code .half-opened} and {@code .closed} events, with Moleculer's payloads. Circuits of a node are
 * dropped when it leaves, so the map is bounded by the endpoints of the nodes present. Thread-safe; while
 * every circuit is closed, screening and admitting read one counter and nothing else.
 */
public final class EndpointBreakers {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointBreakers.class);

    /** Moleculer's event names. */
    public static final String OPENED = "$circuit-breaker.opened";

    public static final String HALF_OPENED = "$circuit-breaker.half-opened";
    public static final String CLOSED = "$circuit-breaker.closed";

    private final CircuitBreakerPolicy base;
    private final @Nullable ScheduledExecutorService scheduler;
    private final BiConsumer<String, Map<String, Object>> events;
    private final Map<String, Map<String, Circuit>> nodes = new ConcurrentHashMap<>();
    /** Circuits not closed: while 0, nothing is screened. */
    private final AtomicInteger notClosed = new AtomicInteger();

    /**
     * @param base the broker's policy (possibly disabled: actions may still enable their own)
     * @param scheduler runs the half-open timer (null: a circuit half-opens when next asked)
     * @param events told every change of state, with its event name and payload; called outside any lock
     */
    public EndpointBreakers(
            CircuitBreakerPolicy base,
            @Nullable ScheduledExecutorService scheduler,
            BiConsumer<String, Map<String, Object>> events) {
        this.base = base;
        this.scheduler = scheduler;
        this.events = events;
    }

    /** A keeper with no events and no timer (tests, tools). */
    public EndpointBreakers(CircuitBreakerPolicy base) {
        this(base, null, (name, payload) -> {});
    }

    /** The broker-wide policy the actions' own settings override. */
    public CircuitBreakerPolicy base() {
        return base;
    }

    /** True while every circuit is closed: the router need not screen. */
    public boolean allClosed() {
        return notClosed.get() == 0;
    }

    /** True unless the endpoint's circuit is open (an open one whose probe is due counts as callable). */
    public boolean callable(String nodeId, String action) {
        if (notClosed.get() == 0) {
            return true;
        }
        Circuit c = find(nodeId, action);
        return c == null || c.callable(System.nanoTime());
    }

    /** Lets a call through to the endpoint; false when its circuit is open or its probe already went. */
    public boolean admit(String nodeId, String action) {
        if (notClosed.get() == 0) {
            return true;
        }
        Circuit c = find(nodeId, action);
        return c == null || c.admit(System.nanoTime());
    }

    /**
     * A call to the endpoint ended, with {@code error} when it failed. {@code policyOf} gives the
     * endpoint's policy; it is asked only when a first failure makes a circuit.
     */
    public <E> void ended(
            String nodeId,
            String service,
            String action,
            E endpoint,
            Function<E, CircuitBreakerPolicy> policyOf,
            @Nullable Throwable error) {
        Circuit c = find(nodeId, action);
        if (c == null) {
            if (error == null) {
                return; // successes alone never open a circuit: keep the map empty for healthy endpoints
            }
            CircuitBreakerPolicy policy = policyOf.apply(endpoint);
            if (!policy.enabled() || !policy.check().test(error)) {
                return;
            }
            c = nodes.computeIfAbsent(nodeId, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(action, k -> new Circuit(policy, nodeId, service, action));
        }
        c.ended(System.nanoTime(), error != null && c.policy.check().test(error));
    }

    /** A keeper's end of a call, with the broker's policy for every endpoint. */
    public void ended(String nodeId, String action, @Nullable Throwable error) {
        int dot = action.lastIndexOf('.');
        ended(nodeId, dot < 0 ? action : action.substring(0, dot), action, base, p -> p, error);
    }

    /** Forgets the circuits of a node that left. */
    public void forget(String nodeId) {
        Map<String, Circuit> gone = nodes.remove(nodeId);
        if (gone != null) {
            gone.values().forEach(Circuit::drop);
        }
    }

    private @Nullable Circuit find(String nodeId, String action) {
        Map<String, Circuit> actions = nodes.get(nodeId);
        return actions == null ? null : actions.get(action);
    }

    private void tell(String event, Map<String, Object> payload) {
        try {
            events.accept(event, payload);
        } catch (RuntimeException e) {
            LOG.warn("Could not emit {}: {}", event, e.toString());
        }
    }

    private enum State {
        CLOSED,
        OPEN,
        /** Its probe may go (Moleculer's half-open). */
        HALF_OPEN,
        /** Its one probe is under way (Moleculer's half-open-wait). */
        PROBING,
        /** Its node left. */
        DROPPED
    }

    /** One endpoint's circuit; its state changes under its own lock, its events are told after. */
    private final class Circuit {
        final CircuitBreakerPolicy policy;
        final String nodeId;
        final String service;
        final String action;
        private final long windowNanos;
        private final long halfOpenNanos;
        private State state = State.CLOSED;
        private long windowStart = System.nanoTime();
        private int calls;
        private int failures;
        private long openedAt;

        Circuit(CircuitBreakerPolicy policy, String nodeId, String service, String action) {
            this.policy = policy;
            this.nodeId = nodeId;
            this.service = service;
            this.action = action;
            this.windowNanos = policy.windowTime().toNanos();
            this.halfOpenNanos = policy.halfOpenTime().toNanos();
        }

        boolean callable(long now) {
            boolean halfOpened;
            boolean result;
            synchronized (this) {
                halfOpened = halfOpenIfDue(now);
                result = state == State.CLOSED || state == State.HALF_OPEN;
            }
            if (halfOpened) {
                halfOpened();
            }
            return result;
        }

        boolean admit(long now) {
            boolean halfOpened;
            boolean result;
            synchronized (this) {
                halfOpened = halfOpenIfDue(now);
                result = switch (state) {
                    case CLOSED, DROPPED -> true;
                    case HALF_OPEN -> {
                        state = State.PROBING;
                        yield true;
                    }
                    case OPEN, PROBING -> false;
                };
            }
            if (halfOpened) {
                halfOpened();
            }
            return result;
        }

        /** The half-open timer fired for the opening at {@code opened}. */
        void timer(long opened) {
            boolean halfOpened;
            synchronized (this) {
                halfOpened = state == State.OPEN && openedAt == opened && halfOpenIfDue(opened + halfOpenNanos);
            }
            if (halfOpened) {
                halfOpened();
            }
        }

        private boolean halfOpenIfDue(long now) {
            if (state == State.OPEN && now - openedAt >= halfOpenNanos) {
                state = State.HALF_OPEN;
                return true;
            }
            return false;
        }

        void ended(long now, boolean failed) {
            Map<String, Object> opened = null;
            boolean closed = false;
            synchronized (this) {
                switch (state) {
                    case PROBING -> {
                        if (failed) {
                            calls++;
                            failures++;
                            opened = open(now, "its probe call failed");
                        } else {
                            state = State.CLOSED;
                            notClosed.decrementAndGet();
                            windowStart = now;
                            calls = 0;
                            failures = 0;
                            closed = true;
                        }
                    }
                    case CLOSED -> {
                        if (now - windowStart > windowNanos) {
                            windowStart = now;
                            calls = 0;
                            failures = 0;
                        }
                        calls++;
                        if (failed) {
                            failures++;
                        }
                        if (calls >= policy.minRequestCount() && (double) failures / calls >= policy.threshold()) {
                            notClosed.incrementAndGet();
                            opened = open(now, failures + " of " + calls + " calls failed");
                        }
                    }
                    case OPEN, HALF_OPEN, DROPPED -> {
                        // a call admitted before the circuit opened ended late: it changes nothing
                    }
                }
            }
            if (opened != null) {
                tell(OPENED, opened);
            }
            if (closed) {
                LOG.info("Circuit of '{}' on {} closed: its probe call succeeded", action, nodeId);
                tell(CLOSED, payload());
            }
        }

        void drop() {
            synchronized (this) {
                if (state != State.CLOSED && state != State.DROPPED) {
                    notClosed.decrementAndGet();
                }
                state = State.DROPPED;
            }
        }

        /** Opens the circuit (under the lock); returns the opened event's payload. */
        private Map<String, Object> open(long now, String why) {
            Map<String, Object> payload = payload();
            payload.put("failures", failures);
            payload.put("count", calls);
            payload.put("rate", calls > 0 ? (double) failures / calls : 0.0);
            state = State.OPEN;
            openedAt = now;
            calls = 0;
            failures = 0;
            LOG.warn(
                    "Circuit of '{}' on {} opened ({}): no calls go to it for {} ms",
                    action,
                    nodeId,
                    why,
                    policy.halfOpenTime().toMillis());
            ScheduledExecutorService timers = scheduler;
            if (timers != null) {
                long opened = now;
                try {
                    timers.schedule(() -> timer(opened), halfOpenNanos, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException stopping) {
                    // the broker is stopping: the circuit half-opens when next asked, if ever
                }
            }
            return payload;
        }

        private void halfOpened() {
            LOG.info("Circuit of '{}' on {} half-open: one probe call may go through", action, nodeId);
            tell(HALF_OPENED, payload());
        }

        private Map<String, Object> payload() {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("nodeID", nodeId);
            payload.put("service", service);
            payload.put("action", action);
            return payload;
        }
    }
}
