package io.mycelium.internal.fault;

import io.mycelium.CircuitBreakerPolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit of every endpoint (one action on one node) this node calls; see {@link CircuitBreakerPolicy}.
 * The router asks {@link #callable} to screen candidates, then {@link #admit} for the one it picked (which
 * takes the single half-open probe), and reports how each call {@link #ended}. Circuits of a node are
 * dropped when it leaves, so the map is bounded by the endpoints of the nodes present. Thread-safe.
 */
public final class EndpointBreakers {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointBreakers.class);

    private final CircuitBreakerPolicy policy;
    private final long windowNanos;
    private final long halfOpenNanos;
    private final Map<String, Map<String, Circuit>> nodes = new ConcurrentHashMap<>();

    public EndpointBreakers(CircuitBreakerPolicy policy) {
        this.policy = policy;
        this.windowNanos = policy.windowTime().toNanos();
        this.halfOpenNanos = policy.halfOpenTime().toNanos();
    }

    /** True unless the endpoint's circuit is open (an open one whose probe is due counts as callable). */
    public boolean callable(String nodeId, String action) {
        Circuit c = find(nodeId, action);
        return c == null || c.callable(System.nanoTime());
    }

    /** Lets a call through to the endpoint; false when its circuit is open or its probe already went. */
    public boolean admit(String nodeId, String action) {
        Circuit c = find(nodeId, action);
        return c == null || c.admit(System.nanoTime(), nodeId, action);
    }

    /** A call to the endpoint ended, with {@code error} when it failed. */
    public void ended(String nodeId, String action, @Nullable Throwable error) {
        boolean failed = error != null && policy.check().test(error);
        Circuit c = find(nodeId, action);
        if (c == null) {
            if (!failed) {
                return; // successes alone never open a circuit: keep the map empty for healthy endpoints
            }
            c = nodes.computeIfAbsent(nodeId, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(action, k -> new Circuit());
        }
        c.ended(System.nanoTime(), failed, nodeId, action);
    }

    /** Forgets the circuits of a node that left. */
    public void forget(String nodeId) {
        nodes.remove(nodeId);
    }

    private @Nullable Circuit find(String nodeId, String action) {
        Map<String, Circuit> actions = nodes.get(nodeId);
        return actions == null ? null : actions.get(action);
    }

    private enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    /** One endpoint's circuit; its state changes under its own lock. */
    private final class Circuit {
        private State state = State.CLOSED;
        private long windowStart = System.nanoTime();
        private int calls;
        private int failures;
        private long openedAt;

        synchronized boolean callable(long now) {
            return switch (state) {
                case CLOSED -> true;
                case OPEN -> now - openedAt >= halfOpenNanos;
                case HALF_OPEN -> false; // its one probe is under way
            };
        }

        synchronized boolean admit(long now, String nodeId, String action) {
            if (state == State.CLOSED) {
                return true;
            }
            if (state == State.OPEN && now - openedAt >= halfOpenNanos) {
                state = State.HALF_OPEN;
                LOG.info("Circuit of '{}' on {} half-open: one probe call goes through", action, nodeId);
                return true;
            }
            return false;
        }

        synchronized void ended(long now, boolean failed, String nodeId, String action) {
            switch (state) {
                case HALF_OPEN -> {
                    if (failed) {
                        open(now, nodeId, action, "its probe call failed");
                    } else {
                        state = State.CLOSED;
                        windowStart = now;
                        calls = 0;
                        failures = 0;
                        LOG.info("Circuit of '{}' on {} closed: its probe call succeeded", action, nodeId);
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
                        open(now, nodeId, action, failures + " of " + calls + " calls failed");
                    }
                }
                case OPEN -> {
                    // a call admitted before the circuit opened ended late: it changes nothing
                }
            }
        }

        private void open(long now, String nodeId, String action, String why) {
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
        }
    }
}
