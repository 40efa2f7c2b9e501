package io.mycelium.internal.broker;

import io.mycelium.BrokerOptions;
import io.mycelium.CallOptions;
import io.mycelium.MaxCallLevelException;
import io.mycelium.ServiceNotFoundException;
import io.mycelium.internal.registry.ActionEndpoint;
import io.mycelium.internal.registry.EndpointList;
import io.mycelium.internal.registry.LocalService;
import io.mycelium.internal.registry.Registry;
import io.mycelium.internal.transit.Transit;
import io.mycelium.internal.util.ErrorCodec;
import io.mycelium.internal.util.Ids;
import io.mycelium.internal.util.Json;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.spi.Destination;
import io.mycelium.spi.Strategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-way messages: an action called on one instance (picked as for a call) with no reply awaited.
 *
 * <p>On the wire a one-way message is a plain REQUEST, so any Moleculer node serves it, carrying the
 * header {@code $oneWay: true}. The sender keeps no pending entry: a RESPONSE that comes back anyway (a
 * Moleculer callee always answers) finds no call waiting and is dropped. A Mycelium callee reads the
 * header and sends no RESPONSE at all; it logs a failing handler instead. The REQUEST carries no timeout
 * unless the options give one, since nobody waits for the outcome.
 */
final class Messenger {
    /** The header that marks a REQUEST whose RESPONSE nobody waits for. */
    static final String ONE_WAY = "$oneWay";

    private static final Logger LOG = LoggerFactory.getLogger(Messenger.class);

    private final DefaultServiceBroker broker;
    private final BrokerOptions options;
    private final Registry registry;
    private final Transit transit;
    private final Invoker invoker;
    private final Ids ids;
    private final Strategy strategy;
    private final boolean brokerBalancing;

    Messenger(
            DefaultServiceBroker broker,
            BrokerOptions options,
            Registry registry,
            Transit transit,
            Invoker invoker,
            Ids ids) {
        this.broker = broker;
        this.options = options;
        this.registry = registry;
        this.transit = transit;
        this.invoker = invoker;
        this.ids = ids;
        this.strategy = options.strategy();
        this.brokerBalancing = transit.brokerBalancing();
    }

    /** True when the REQUEST's headers mark it one-way. */
    static boolean oneWay(RequestPacket p) {
        return p.headers().path(ONE_WAY).asBoolean(false);
    }

    /**
     * Sends the message; the future completes once it is handed to the transporter (or a local handler
     * started) and fails only when it cannot be: no instance, or the transporter refused it.
     */
    CompletableFuture<Void> send(
            @Nullable CallContext parent, String action, @Nullable Object params, CallOptions opts) {
        int level = parent == null ? 1 : parent.level() + 1;
        if (options.maxCallLevel() > 0 && level > options.maxCallLevel()) {
            return CompletableFuture.failedFuture(new MaxCallLevelException(level, broker.nodeId()));
        }
        Map<String, Object> meta = CallTrace.meta(parent, opts.meta());
        long timeout = opts.timeout().map(d -> d.toMillis()).orElse(0L);
        ActionEndpoint endpoint;
        try {
            endpoint = select(action, params, meta, opts.nodeId());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (endpoint != null && endpoint.local() && endpoint.localAction().isPresent()) {
            // under its parent as a call would be, with the same overrides (requestId, parentId, tracing)
            CallTrace trace = CallTrace.outgoing(
                            parent, meta, opts.headers(), opts.requestId(), opts.parentId(), opts.tracing())
                    .forHandler(timeout > 0 ? System.nanoTime() + timeout * 1_000_000 : 0);
            runLocal(endpoint.localAction().get(), params, trace);
            return CompletableFuture.completedFuture(null);
        }
        String id = ids.next();
        Map<String, Object> headers = new LinkedHashMap<>(opts.headers());
        headers.put(ONE_WAY, true);
        RequestPacket request = CallTrace.outgoing(
                        parent, meta, headers, opts.requestId(), opts.parentId(), opts.tracing())
                .request(broker.nodeId(), id, action, Json.tree(params), timeout, false);
        Destination destination =
                endpoint == null ? new Destination.BalancedRequest(action) : Destination.node(endpoint.nodeId());
        return transit.send(request, destination);
    }

    private void runLocal(LocalService.LocalAction action, @Nullable Object params, CallTrace trace) {
        CallContext ctx = new CallContext(
                broker, ids.next(), broker.nodeId(), trace, action.fullName(), null, action.serviceName(), params);
        invoker.invoke(action.definition().handler(), ctx).whenComplete((v, e) -> {
            if (e != null) {
                logFailure(action.fullName(), broker.nodeId(), e);
            }
        });
    }

    /** Logs the failure of a one-way handler: nobody else will hear of it. */
    static void logFailure(String action, String sender, Throwable error) {
        LOG.warn("One-way message to '{}' from {} failed", action, sender, ErrorCodec.unwrap(error));
    }

    /** The endpoint to send to; {@code null} when the message broker balances. */
    private @Nullable ActionEndpoint select(
            String action, @Nullable Object params, Map<String, Object> meta, Optional<String> nodeId) {
        EndpointList<ActionEndpoint> list = registry.catalog().action(action).orElse(null);
        if (nodeId.isPresent()) {
            if (list != null) {
                for (ActionEndpoint e : list.all()) {
                    if (e.nodeId().equals(nodeId.get())) {
                        return e;
                    }
                }
            }
            throw new ServiceNotFoundException(action, nodeId.get());
        }
        if (list == null || list.all().isEmpty()) {
            throw new ServiceNotFoundException(action, null);
        }
        if (options.preferLocal() && list.hasLocal()) {
            return pick(list.locals(), action, params, meta);
        }
        if (brokerBalancing && !list.remotes().isEmpty()) {
            return null;
        }
        List<ActionEndpoint> usable = EndpointList.routable(list.all());
        if (usable.isEmpty()) {
            throw transit.noRoutableNode(action, null);
        }
        return pick(usable, action, params, meta);
    }

    private ActionEndpoint pick(
            List<ActionEndpoint> candidates, String action, @Nullable Object params, Map<String, Object> meta) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        return strategy.select(candidates, new CallSelection(action, params, meta));
    }
}
