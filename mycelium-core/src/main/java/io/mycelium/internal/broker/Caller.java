package io.mycelium.internal.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.BrokerOptions;
import io.mycelium.CallOptions;
import io.mycelium.CircuitBreakerPolicy;
import io.mycelium.Fallback;
import io.mycelium.MaxCallLevelException;
import io.mycelium.RequestSkippedException;
import io.mycelium.RequestTimeoutException;
import io.mycelium.RetryPolicy;
import io.mycelium.ServiceNotAvailableException;
import io.mycelium.ServiceNotFoundException;
import io.mycelium.internal.fault.ActionPolicies;
import io.mycelium.internal.fault.EndpointBreakers;
import io.mycelium.internal.registry.ActionEndpoint;
import io.mycelium.internal.registry.EndpointList;
import io.mycelium.internal.registry.LocalService;
import io.mycelium.internal.registry.Registry;
import io.mycelium.internal.stats.CallTimer;
import io.mycelium.internal.transit.Transit;
import io.mycelium.internal.util.ErrorCodec;
import io.mycelium.internal.util.Ids;
import io.mycelium.internal.util.Json;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.protocol.ResponsePacket;
import io.mycelium.spi.Destination;
import io.mycelium.spi.Strategy;
import io.mycelium.stats.CallSide;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Outgoing calls: routes each attempt (a returned {@link Route}), runs local handlers directly (no
 * serialization) or sends a REQUEST, applies the deadline (a nested call gets its caller's remaining
 * budget), retries failures with back-off on another node when there is one, keeps each endpoint's
 * circuit, and hedges and falls back when the call asks for it.
 */
final class Caller {
    private final DefaultServiceBroker broker;
    private final BrokerOptions options;
    private final Registry registry;
    private final Transit transit;
    private final Invoker invoker;
    private final ScheduledExecutorService scheduler;
    private final Ids ids;
    private final Strategy strategy;
    private final boolean brokerBalancing;
    private final EndpointBreakers breakers;
    private final Function<ActionEndpoint, CircuitBreakerPolicy> breakerOf = this::breakerOf;
    /** How often a call waiting for a node held back after a reconnect looks again. */
    private static final long HOLD_POLL_MS = 20;

    Caller(
            DefaultServiceBroker broker,
            BrokerOptions options,
            Registry registry,
            Transit transit,
            Invoker invoker,
            ScheduledExecutorService scheduler,
            Ids ids,
            EndpointBreakers breakers) {
        this.broker = broker;
        this.breakers = breakers;
        this.options = options;
        this.registry = registry;
        this.transit = transit;
        this.invoker = invoker;
        this.scheduler = scheduler;
        this.ids = ids;
        this.strategy = options.strategy();
        this.brokerBalancing = transit.brokerBalancing();
    }

    /**
     * One call as planned before its first attempt; {@code avoid} lists the nodes whose attempt failed.
     * While {@code retryOfAction}, the call set no retry policy of its own: the first failed attempt's
     * action decides (its own {@code retryPolicy}, else {@code retry}, the broker's), so a call that
     * succeeds never looks its action's policy up. The trace's deadline is set by the first attempt.
     */
    private record Plan(
            @Nullable CallContext parent,
            String action,
            @Nullable Object params,
            Optional<String> nodeId,
            CallTrace trace,
            long timeoutMillis,
            RetryPolicy retry,
            boolean retryOfAction,
            @Nullable InputStream stream,
            List<String> avoid) {

        long deadlineNanos() {
            return trace.deadlineNanos();
        }

        Map<String, Object> meta() {
            return trace.meta();
        }

        Plan withDeadline(long deadline) {
            if (deadline == trace.deadlineNanos()) {
                return this;
            }
            return new Plan(
                    parent,
                    action,
                    params,
                    nodeId,
                    trace.withDeadline(deadline),
                    timeoutMillis,
                    retry,
                    retryOfAction,
                    stream,
                    avoid);
        }

        /** This plan retrying as {@code policy} says, whatever the action says. */
        Plan withRetry(RetryPolicy policy) {
            return new Plan(parent, action, params, nodeId, trace, timeoutMillis, policy, false, stream, avoid);
        }

        /** This plan steering clear of {@code node} (failover), when there is a node to steer clear of. */
        Plan avoiding(String node) {
            if (node.isEmpty() || avoid.contains(node)) {
                return this;
            }
            List<String> more = new ArrayList<>(avoid);
            more.add(node);
            return new Plan(
                    parent,
                    action,
                    params,
                    nodeId,
                    trace,
                    timeoutMillis,
                    retry,
                    retryOfAction,
                    stream,
                    List.copyOf(more));
        }
    }

    CompletableFuture<Object> call(
            @Nullable CallContext parent, String action, @Nullable Object params, CallOptions opts) {
        int level = parent == null ? 1 : parent.level() + 1;
        if (options.maxCallLevel() > 0 && level > options.maxCallLevel()) {
            return CompletableFuture.failedFuture(new MaxCallLevelException(level, broker.nodeId()));
        }
        long timeout = opts.timeout().map(d -> d.toMillis()).orElse(-1L);
        if (parent != null && parent.deadlineNanos() != 0) {
            // distributed timeout: a nested call gets no more than what is left of its caller's budget
            long remaining = (parent.deadlineNanos() - System.nanoTime()) / 1_000_000;
            if (remaining <= 0) {
                return CompletableFuture.failedFuture(new RequestSkippedException(action, broker.nodeId()));
            }
            timeout = timeout <= 0 ? remaining : Math.min(timeout, remaining);
        }
        RetryPolicy retry = opts.retryPolicy().orElse(options.retryPolicy());
        OptionalInt retries = opts.retries();
        if (retries.isPresent()) {
            retry = retry.withRetries(retries.getAsInt());
        }
        if (opts.stream().isPresent()) {
            retry = retry.withRetries(0); // the stream is consumed by the first attempt
        }
        Plan plan = new Plan(
                parent,
                action,
                params,
                opts.nodeId(),
                CallTrace.outgoing(
                        parent,
                        CallTrace.meta(parent, opts.meta()),
                        opts.headers(),
                        opts.requestId(),
                        opts.parentId(),
                        opts.tracing()),
                timeout,
                retry,
                opts.retryPolicy().isEmpty()
                        && retries.isEmpty()
                        && opts.stream().isEmpty(),
                opts.stream().orElse(null),
                List.of());
        CompletableFuture<Object> result = new CompletableFuture<>();
        if (opts.hedgeAfter().isPresent()
                && plan.stream() == null
                && plan.nodeId().isEmpty()) {
            hedge(plan, timeout, opts.hedgeAfter().get().toMillis(), result);
        } else {
            attempt(plan, timeout, 0, result);
        }
        if (opts.fallback().isPresent()) {
            return withFallback(result, opts.fallback().get());
        }
        return result;
    }

    private static CompletableFuture<Object> withFallback(CompletableFuture<Object> call, Fallback fallback) {
        CompletableFuture<Object> out = new CompletableFuture<>();
        call.whenComplete((v, e) -> {
            if (e == null) {
                out.complete(v);
                return;
            }
            try {
                out.complete(Json.tree(fallback.recover(ErrorCodec.unwrap(e))));
            } catch (Exception | Error f) {
                out.completeExceptionally(f);
            }
        });
        return out;
    }

    /**
     * Hedging: a first attempt now and, unless it has answered within {@code afterMillis}, a second one to
     * another node. The first success wins and the other is abandoned; the call fails only once both have.
     */
    private void hedge(Plan plan, long explicitTimeout, long afterMillis, CompletableFuture<Object> result) {
        CompletableFuture<Object> first = new CompletableFuture<>();
        CompletableFuture<Object> second = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger(1);
        String firstNode = attempt(plan, explicitTimeout, 0, first);
        ScheduledFuture<?> timer = null;
        if (!first.isDone()) {
            try {
                timer = scheduler.schedule(
                        () -> {
                            if (!result.isDone() && running.incrementAndGet() > 1) {
                                attempt(plan.avoiding(firstNode), explicitTimeout, 0, second);
                            }
                        },
                        afterMillis,
                        TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // the broker is stopping: the first attempt alone
            }
        }
        ScheduledFuture<?> hedgeTimer = timer;
        first.whenComplete((v, e) -> settleHedge(result, v, e, second, hedgeTimer, running));
        second.whenComplete((v, e) -> settleHedge(result, v, e, first, null, running));
    }

    private static void settleHedge(
            CompletableFuture<Object> result,
            @Nullable Object value,
            @Nullable Throwable error,
            CompletableFuture<Object> other,
            @Nullable ScheduledFuture<?> timer,
            java.util.concurrent.atomic.AtomicInteger running) {
        if (error == null) {
            result.complete(value);
            other.cancel(false); // the loser: its answer, if it comes, is dropped
            if (timer != null) {
                timer.cancel(false);
            }
            return;
        }
        if (error instanceof java.util.concurrent.CancellationException) {
            return;
        }
        // the first attempt failed before the hedge fired: no second attempt (the retry policy already ran)
        if (timer != null && timer.cancel(false)) {
            result.completeExceptionally(error);
            return;
        }
        if (running.decrementAndGet() <= 0) {
            result.completeExceptionally(error);
        }
    }

    /**
     * One attempt of a call, and the retries after it. Returns the node it went to (empty when it went to
     * no node yet, or the message broker picks it).
     */
    private String attempt(Plan plan, long explicitTimeout, int attempt, CompletableFuture<Object> result) {
        CompletableFuture<Object> once;
        long deadline = plan.deadlineNanos();
        String node = "";
        ActionEndpoint served = null;
        try {
            Route route = route(plan);
            switch (route) {
                case Route.To to -> {
                    ActionEndpoint endpoint = to.endpoint();
                    node = endpoint.nodeId();
                    served = endpoint;
                    long timeout = explicitTimeout;
                    if (timeout < 0) {
                        timeout = endpoint.localAction()
                                .flatMap(a -> a.definition().timeout())
                                .map(d -> d.toMillis())
                                .or(() -> Optional.ofNullable(
                                                endpoint.definition().get("timeout"))
                                        .filter(JsonNode::canConvertToLong)
                                        .map(JsonNode::asLong))
                                .orElse(options.requestTimeout().toMillis());
                    }
                    if (deadline == 0 && timeout > 0) {
                        deadline = System.nanoTime() + timeout * 1_000_000;
                    } else if (deadline != 0) {
                        timeout = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                    }
                    once = endpoint.local() && endpoint.localAction().isPresent()
                            ? callLocal(plan, endpoint.localAction().get(), endpoint, deadline, timeout)
                            : callRemote(plan, endpoint.nodeId(), Destination.node(endpoint.nodeId()), timeout);
                }
                case Route.ByBroker b -> {
                    long timeout =
                            explicitTimeout < 0 ? options.requestTimeout().toMillis() : explicitTimeout;
                    if (deadline == 0 && timeout > 0) {
                        deadline = System.nanoTime() + timeout * 1_000_000;
                    }
                    once = callRemote(plan, "", new Destination.BalancedRequest(plan.action()), timeout);
                }
                case Route.Held h -> {
                    // the only nodes serving it have not been heard from since a broker reconnect: wait a
                    // little for them (they usually are within milliseconds) rather than publish to a subject
                    // nobody may listen to yet, or fail a call that would succeed a moment later
                    long timeout =
                            explicitTimeout < 0 ? options.requestTimeout().toMillis() : explicitTimeout;
                    if (deadline == 0 && timeout > 0) {
                        deadline = System.nanoTime() + timeout * 1_000_000;
                    }
                    Plan waiting = plan.withDeadline(deadline);
                    if (deadline != 0
                            && deadline - System.nanoTime() > HOLD_POLL_MS * 1_000_000
                            && broker.acceptsCalls()) {
                        try {
                            scheduler.schedule(
                                    () -> attempt(waiting, explicitTimeout, attempt, result),
                                    HOLD_POLL_MS,
                                    TimeUnit.MILLISECONDS);
                            return "";
                        } catch (java.util.concurrent.RejectedExecutionException stopped) {
                            // the broker is stopping: fail below
                        }
                    }
                    once = CompletableFuture.failedFuture(
                            transit.noRoutableNode(plan.action(), plan.nodeId().orElse(null)));
                }
            }
        } catch (RuntimeException e) {
            once = CompletableFuture.failedFuture(e);
        }
        // the plan with this attempt's deadline is made only for a retry: a call that succeeds needs none
        long fixedDeadline = deadline;
        String servedBy = node;
        ActionEndpoint servedEndpoint = served;
        once.whenComplete((value, error) -> {
            if (servedEndpoint != null) {
                breakers.ended(
                        servedBy,
                        servedEndpoint.service(),
                        plan.action(),
                        servedEndpoint,
                        breakerOf,
                        error == null ? null : ErrorCodec.unwrap(error));
            }
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = ErrorCodec.unwrap(error);
            RetryPolicy retry = plan.retryOfAction() && servedEndpoint != null ? retryOf(servedEndpoint) : plan.retry();
            if (attempt < retry.retries()
                    && !result.isDone()
                    && retry.check().test(cause)
                    && (fixedDeadline == 0 || fixedDeadline - System.nanoTime() > 0)
                    && broker.acceptsCalls()) {
                long delay = retry.delayBefore(attempt + 1).toMillis();
                Plan next = plan.withDeadline(fixedDeadline).avoiding(servedBy); // failover: another node if any
                next = next.retryOfAction() ? next.withRetry(retry) : next;
                Plan then = next;
                try {
                    scheduler.schedule(
                            () -> attempt(then, explicitTimeout, attempt + 1, result), delay, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException stopped) {
                    result.completeExceptionally(cause);
                }
            } else {
                result.completeExceptionally(cause);
            }
        });
        return node;
    }

    /** The route of one attempt; throws the call's error when there is none. */
    private Route route(Plan plan) {
        String action = plan.action();
        EndpointList<ActionEndpoint> list = registry.catalog().action(action).orElse(null);
        if (plan.nodeId().isPresent()) {
            String target = plan.nodeId().get();
            if (list != null) {
                for (ActionEndpoint e : list.all()) {
                    if (e.nodeId().equals(target)) {
                        if (!e.node().routable()) {
                            return unroutable(action, target, List.of(e));
                        }
                        return admitted(e, plan);
                    }
                }
            }
            throw new ServiceNotFoundException(action, target);
        }
        if (list == null || list.all().isEmpty()) {
            throw new ServiceNotFoundException(action, null);
        }
        if (options.preferLocal()
                && list.hasLocal()
                && (plan.avoid().isEmpty()
                        || !plan.avoid().contains(broker.nodeId())
                        || list.remotes().isEmpty())) {
            List<ActionEndpoint> locals = screen(list.locals(), plan);
            if (!locals.isEmpty()) {
                return admitted(pick(locals, plan), plan);
            }
        }
        // a stream's chunks must reach the node that got its first packet: never let the broker pick
        if (brokerBalancing && plan.stream() == null && !list.remotes().isEmpty()) {
            return Route.BY_BROKER;
        }
        // nodes whose circuit is open, or not heard from since a broker reconnect, get no new calls
        List<ActionEndpoint> usable = EndpointList.routable(list.all());
        if (usable.isEmpty()) {
            return unroutable(action, null, list.all());
        }
        List<ActionEndpoint> closed = screen(usable, plan);
        if (closed.isEmpty()) {
            throw new ServiceNotAvailableException(action, null); // every endpoint's circuit is open
        }
        return admitted(pick(closed, plan), plan);
    }

    /**
     * The candidates whose circuit lets calls through, and of those the ones not tried yet by this call
     * when there are any (failover). The list itself when no policy is on: nothing built per call.
     */
    private List<ActionEndpoint> screen(List<ActionEndpoint> candidates, Plan plan) {
        EndpointBreakers circuits = breakers;
        if (plan.avoid().isEmpty() && circuits.allClosed()) {
            return candidates;
        }
        List<ActionEndpoint> callable = new ArrayList<>(candidates.size());
        List<ActionEndpoint> untried = new ArrayList<>(candidates.size());
        for (ActionEndpoint e : candidates) {
            if (circuits.callable(e.nodeId(), plan.action())) {
                callable.add(e);
                if (!plan.avoid().contains(e.nodeId())) {
                    untried.add(e);
                }
            }
        }
        return untried.isEmpty() ? callable : untried;
    }

    private Route admitted(ActionEndpoint e, Plan plan) {
        if (!breakers.admit(e.nodeId(), plan.action())) {
            throw new ServiceNotAvailableException(plan.action(), e.nodeId());
        }
        return new Route.To(e);
    }

    /** Waits for nodes held back only until heard from after a reconnect; fails fast for open circuits. */
    private Route unroutable(String action, @Nullable String target, List<ActionEndpoint> held) {
        if (transit.connected()) {
            for (ActionEndpoint e : held) {
                if (e.node().available()
                        && e.node().awaitingReturn()
                        && !e.node().circuitOpen()) {
                    return Route.HELD;
                }
            }
        }
        throw transit.noRoutableNode(action, target);
    }

    /** The retry policy of an endpoint's action: its own over the broker's. */
    private RetryPolicy retryOf(ActionEndpoint endpoint) {
        LocalService.LocalAction local = endpoint.localAction().orElse(null);
        if (local != null) {
            return local.definition().retryPolicy().orElse(options.retryPolicy());
        }
        return ActionPolicies.retry(endpoint.definition(), options.retryPolicy());
    }

    /** An endpoint's circuit breaker settings: its action's own over the broker's. */
    private CircuitBreakerPolicy breakerOf(ActionEndpoint endpoint) {
        LocalService.LocalAction local = endpoint.localAction().orElse(null);
        if (local != null) {
            return local.definition().circuitBreaker().orElse(breakers.base());
        }
        return ActionPolicies.breaker(endpoint.definition(), breakers.base());
    }

    private ActionEndpoint pick(List<ActionEndpoint> candidates, Plan plan) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        return strategy.select(candidates, new CallSelection(plan.action(), plan.params(), plan.meta()));
    }

    private CompletableFuture<Object> callLocal(
            Plan plan, LocalService.LocalAction action, ActionEndpoint endpoint, long deadline, long timeout) {
        CallContext parent = plan.parent();
        String id = ids.next();
        CallContext ctx = new CallContext(
                broker,
                id,
                broker.nodeId(),
                plan.trace().forHandler(deadline),
                action.fullName(),
                null,
                action.serviceName(),
                plan.params());
        if (plan.stream() != null) {
            ctx.stream(plan.stream());
        }
        CompletableFuture<Object> future = invoker.invoke(action.definition().handler(), ctx);
        if (timeout > 0 && !future.isDone()) { // a non-blocking handler may have answered already
            var timer = scheduler.schedule(
                    () -> future.completeExceptionally(new RequestTimeoutException(plan.action(), broker.nodeId())),
                    timeout,
                    TimeUnit.MILLISECONDS);
            future.whenComplete((v, e) -> timer.cancel(false));
        }
        if (parent != null) {
            return future.thenApply(v -> {
                parent.meta().putAll(ctx.meta());
                return ResultStreams.normalize(v);
            });
        }
        return future.thenApply(ResultStreams::normalize);
    }

    private CompletableFuture<Object> callRemote(Plan plan, String target, Destination destination, long timeout) {
        CallContext parent = plan.parent();
        String id = ids.next();
        InputStream stream = plan.stream();
        RequestPacket request = plan.trace()
                .request(
                        broker.nodeId(),
                        id,
                        plan.action(),
                        Json.tree(plan.params()),
                        stream == null ? Math.max(0, timeout) : 0,
                        stream != null);
        // STATS: one call sent to another node (moves onto the middleware SPI later)
        CallTimer timer = invoker.statistics().actionStarted(plan.action(), serviceOf(plan.action()), CallSide.REMOTE);
        CompletableFuture<ResponsePacket> response = stream == null
                ? transit.request(request, target, destination)
                : transit.requestStream(request, target, destination, stream, Math.max(0, timeout));
        return response.thenApply(r -> result(r, parent)).whenComplete((v, e) -> timer.finish(e)); // STATS
    }

    /** The service part of an action's full name ({@code v2.math} of {@code v2.math.add}). */
    private static String serviceOf(String action) {
        int dot = action.lastIndexOf('.');
        return dot < 0 ? action : action.substring(0, dot);
    }

    private Object result(ResponsePacket response, @Nullable CallContext parent) {
        if (parent != null && response.meta().size() > 0) {
            parent.meta().putAll(Json.map(response.meta()));
        }
        if (response.success()) {
            if (response.stream()) {
                // the first packet of a streamed response: the caller gets the stream its chunks fill
                return transit.takeResponseStream(response.id())
                        .orElseThrow(() ->
                                new io.mycelium.StreamCancelledException(response.id(), "it ended before it started"));
            }
            return response.data();
        }
        throw ErrorCodec.fromWire(
                response.error().map(e -> (JsonNode) e).orElse(Json.nodes().nullNode()), response.sender());
    }
}
