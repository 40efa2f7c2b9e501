package io.mycelium.internal.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.BrokerOptions;
import io.mycelium.EmitOptions;
import io.mycelium.internal.registry.EndpointList;
import io.mycelium.internal.registry.EventEndpoint;
import io.mycelium.internal.registry.EventGroup;
import io.mycelium.internal.registry.Registry;
import io.mycelium.internal.transit.Settlement;
import io.mycelium.internal.transit.Transit;
import io.mycelium.internal.util.Ids;
import io.mycelium.internal.util.Json;
import io.mycelium.protocol.EventPacket;
import io.mycelium.spi.Destination;
import io.mycelium.spi.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events out and in. {@code emit} reaches one handler per group across the mesh (remote groups chosen for
 * the same node travel in one packet); {@code broadcast} reaches every handler.
 */
final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final DefaultServiceBroker broker;
    private final BrokerOptions options;
    private final Registry registry;
    private final Transit transit;
    private final Invoker invoker;
    private final Ids ids;
    private final Strategy strategy;
    private final boolean brokerBalancing;

    EventBus(
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

    private static CallTrace trace(@Nullable CallContext parent, EmitOptions opts) {
        return CallTrace.outgoing(
                parent,
                CallTrace.meta(parent, opts.meta()),
                opts.headers(),
                opts.requestId(),
                opts.parentId(),
                opts.tracing());
    }

    CompletableFuture<Void> emit(@Nullable CallContext parent, String event, @Nullable Object data, EmitOptions opts) {
        invoker.statistics().emitted(event, false, false); // STATS
        String id = ids.next();
        CallTrace trace = trace(parent, opts);
        List<String> only = opts.groups();
        // built only when needed: most emits reach one group on one node, and allocate neither
        Map<String, List<String>> remoteGroups = null;
        CallSelection selection = null;
        List<CompletableFuture<Void>> sends = new ArrayList<>(1);
        for (EventGroup g : registry.catalog().eventGroups(event)) {
            if (!only.isEmpty() && !only.contains(g.group())) {
                continue;
            }
            var list = g.endpoints();
            List<EventEndpoint> candidates;
            if (options.preferLocal() && list.hasLocal()) {
                candidates = list.locals();
            } else if (brokerBalancing && !list.remotes().isEmpty()) {
                sends.add(transit.send(
                        packet(id, trace, event, Json.tree(data), Optional.of(List.of(g.group())), false),
                        new Destination.BalancedEvent(g.group(), event)));
                continue;
            } else {
                // a node known dead is out of the catalog; one held back (open circuit, not heard from since
                // a broker reconnect) is skipped: the event goes to another member, or the emit fails
                candidates = EndpointList.routable(list.all());
                if (candidates.isEmpty()) {
                    sends.add(CompletableFuture.failedFuture(
                            transit.noRoutableNode(event + " (group " + g.group() + ")", null)));
                    continue;
                }
            }
            EventEndpoint chosen;
            if (candidates.size() == 1) {
                chosen = candidates.get(0);
            } else {
                if (selection == null) {
                    selection = new CallSelection(event, data, trace.meta());
                }
                chosen = strategy.select(candidates, selection.forGroup(g.group()));
            }
            if (chosen.local()) {
                if (!chosen.accepts(trace.caller(), broker.nodeId())) {
                    continue; // the group's subscription takes other emitters' events only
                }
                chosen.handler()
                        .ifPresent(h ->
                                invoker.invoke(h, context(id, trace, broker.nodeId(), event, chosen.service(), data)));
            } else {
                if (remoteGroups == null) {
                    remoteGroups = new LinkedHashMap<>();
                }
                remoteGroups
                        .computeIfAbsent(chosen.nodeId(), k -> new ArrayList<>(1))
                        .add(g.group());
            }
        }
        if (remoteGroups != null) {
            JsonNode tree = Json.tree(data);
            remoteGroups.forEach((node, groups) -> sends.add(
                    transit.send(packet(id, trace, event, tree, Optional.of(groups), false), Destination.node(node))));
        }
        return all(sends);
    }

    CompletableFuture<Void> broadcast(
            @Nullable CallContext parent, String event, @Nullable Object data, EmitOptions opts, boolean localOnly) {
        invoker.statistics().emitted(event, true, localOnly); // STATS
        String id = ids.next();
        CallTrace trace = trace(parent, opts);
        List<String> only = opts.groups();
        Set<String> remoteNodes = new LinkedHashSet<>();
        for (EventGroup g : registry.catalog().eventGroups(event)) {
            if (!only.isEmpty() && !only.contains(g.group())) {
                continue;
            }
            for (EventEndpoint e : g.endpoints().all()) {
                if (e.local()) {
                    if (!e.accepts(trace.caller(), broker.nodeId())) {
                        continue;
                    }
                    e.handler()
                            .ifPresent(h ->
                                    invoker.invoke(h, context(id, trace, broker.nodeId(), event, e.service(), data)));
                } else if (!localOnly) {
                    remoteNodes.add(e.nodeId());
                }
            }
        }
        if (remoteNodes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        JsonNode tree = Json.tree(data);
        Optional<List<String>> groups = only.isEmpty() ? Optional.empty() : Optional.of(only);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (String node : remoteNodes) {
            sends.add(transit.send(packet(id, trace, event, tree, groups, true), Destination.node(node)));
        }
        return all(sends);
    }

    /**
     * An EVENT from another node: one local handler per named group, or every handler when broadcast.
     * {@code settlement} is settled once every handler started has ended: handled when they all ran (a
     * handler that threw counts, its failure is logged), dropped when none is here or one could not start.
     */
    void receive(EventPacket p, Settlement settlement) {
        List<CompletableFuture<Boolean>> ran = new ArrayList<>(1);
        boolean declined = false;
        try {
            List<String> groups = p.groups().orElse(List.of());
            Map<String, Object> meta = Json.map(p.meta());
            Map<String, Object> headers = Json.map(p.headers());
            CallSelection selection = null; // only when a group has several handlers here
            for (EventGroup g : registry.catalog().eventGroups(p.event())) {
                if (!groups.isEmpty() && !groups.contains(g.group())) {
                    continue;
                }
                List<EventEndpoint> locals = g.endpoints().locals();
                if (locals.isEmpty()) {
                    continue;
                }
                List<EventEndpoint> taking = accepting(locals, p);
                if (taking.isEmpty()) {
                    declined = true; // subscribed to other emitters only: handled by not handling it
                    continue;
                }
                locals = taking;
                if (p.broadcast()) {
                    for (EventEndpoint e : locals) {
                        deliver(p, e, meta, headers).ifPresent(ran::add);
                    }
                } else {
                    EventEndpoint chosen = locals.get(0);
                    if (locals.size() > 1) {
                        if (selection == null) {
                            selection = new CallSelection(p.event(), p.data(), meta);
                        }
                        chosen = pick(locals, selection, g);
                    }
                    deliver(p, chosen, meta, headers).ifPresent(ran::add);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Failed to handle event '{}' from {}", p.event(), p.sender(), e);
        }
        if (ran.isEmpty() && declined) {
            settlement.handled(); // nobody else should get it either: it was for this group, which declines it
            return;
        }
        settleWhenEnded(ran, settlement); // also after a failure: the handlers already started still end
    }

    /** The subscriptions that take this event's emitter; {@code locals} itself when none is limited. */
    private static List<EventEndpoint> accepting(List<EventEndpoint> locals, EventPacket p) {
        for (int i = 0; i < locals.size(); i++) {
            if (locals.get(i).filtered()) {
                String caller = p.caller().orElse(null);
                return locals.stream()
                        .filter(e -> e.accepts(caller, p.sender()))
                        .toList();
            }
        }
        return locals;
    }

    private static void settleWhenEnded(List<CompletableFuture<Boolean>> ran, Settlement settlement) {
        if (ran.isEmpty()) {
            settlement.dropped(); // no handler here (any more): another node may have one
            return;
        }
        if (ran.size() == 1) {
            // the usual case, and a non-blocking handler has already ended: no combined future per event
            CompletableFuture<Boolean> only = ran.get(0);
            if (only.isDone()) {
                settlement.settle(only.join());
            } else {
                only.thenAccept(settlement::settle);
            }
            return;
        }
        CompletableFuture.allOf(ran.toArray(CompletableFuture[]::new))
                .whenComplete(
                        (ok, e) -> settlement.settle(e == null && ran.stream().allMatch(CompletableFuture::join)));
    }

    private Optional<CompletableFuture<Boolean>> deliver(
            EventPacket p, EventEndpoint e, Map<String, Object> meta, Map<String, Object> headers) {
        return e.handler()
                .map(h -> invoker.invoke(
                        h,
                        new CallContext(
                                broker,
                                p.id(),
                                p.sender(),
                                CallTrace.of(p, new LinkedHashMap<>(meta), headers),
                                null,
                                p.event(),
                                e.service(),
                                p.data())));
    }

    private CallContext context(
            String id, CallTrace trace, String sender, String event, String service, @Nullable Object data) {
        return new CallContext(broker, id, sender, trace.forHandler(0), null, event, service, data);
    }

    private EventPacket packet(
            String id, CallTrace trace, String event, JsonNode data, Optional<List<String>> groups, boolean broadcast) {
        return trace.event(broker.nodeId(), id, event, data, groups, broadcast);
    }

    private EventEndpoint pick(List<EventEndpoint> candidates, CallSelection selection, EventGroup g) {
        return candidates.size() == 1 ? candidates.get(0) : strategy.select(candidates, selection.forGroup(g.group()));
    }

    private static CompletableFuture<Void> all(List<CompletableFuture<Void>> sends) {
        if (sends.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (sends.size() == 1) {
            return sends.get(0);
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }
}
