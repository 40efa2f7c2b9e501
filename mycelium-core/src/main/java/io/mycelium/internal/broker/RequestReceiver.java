package io.mycelium.internal.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.ActionHandler;
import io.mycelium.BrokerOptions;
import io.mycelium.MaxCallLevelException;
import io.mycelium.ServiceNotAvailableException;
import io.mycelium.ServiceNotFoundException;
import io.mycelium.internal.registry.ActionEndpoint;
import io.mycelium.internal.registry.Registry;
import io.mycelium.internal.transit.Settlement;
import io.mycelium.internal.transit.Transit;
import io.mycelium.internal.util.ErrorCodec;
import io.mycelium.internal.util.Json;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.protocol.ResponsePacket;
import io.mycelium.spi.Destination;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves REQUESTs from other nodes: finds the local action, honours the caller's deadline (work whose
 * deadline has passed is skipped and the expiry logged), runs the handler and answers.
 */
final class RequestReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(RequestReceiver.class);

    private final DefaultServiceBroker broker;
    private final BrokerOptions options;
    private final Registry registry;
    private final Transit transit;
    private final Invoker invoker;
    private final ScheduledExecutorService scheduler;

    RequestReceiver(
            DefaultServiceBroker broker,
            BrokerOptions options,
            Registry registry,
            Transit transit,
            Invoker invoker,
            ScheduledExecutorService scheduler) {
        this.broker = broker;
        this.options = options;
        this.registry = registry;
        this.transit = transit;
        this.invoker = invoker;
        this.scheduler = scheduler;
    }

    /**
     * A request, with the byte stream the caller sends along when it is a streamed one. {@code settlement}
     * is settled once the request is answered (a handler's error is an answer, as in Moleculer) or needs no
     * answer any more (one-way, expired); dropped when the answer could not be sent.
     */
    void receive(RequestPacket p, @Nullable InputStream stream, Settlement settlement) {
        try {
            run(p, stream, settlement);
        } catch (RuntimeException e) {
            closeQuietly(stream);
            throw e; // transit logs it and settles the packet as dropped
        }
    }

    private void run(RequestPacket p, @Nullable InputStream stream, Settlement settlement) {
        if (!broker.acceptsCalls()) {
            reject(p, stream, new ServiceNotAvailableException(p.action(), broker.nodeId()), settlement);
            return;
        }
        ActionEndpoint endpoint = registry.catalog()
                .action(p.action())
                .flatMap(l -> l.locals().stream().findFirst())
                .orElse(null);
        if (endpoint == null || endpoint.localAction().isEmpty()) {
            // a disabled service is still here: retryable, so the caller tries another node
            reject(
                    p,
                    stream,
                    registry.disabledAction(p.action())
                            ? new ServiceNotAvailableException(p.action(), broker.nodeId())
                            : new ServiceNotFoundException(p.action(), broker.nodeId()),
                    settlement);
            return;
        }
        if (options.maxCallLevel() > 0 && p.level() > options.maxCallLevel()) {
            reject(p, stream, new MaxCallLevelException(p.level(), broker.nodeId()), settlement);
            return;
        }
        long received = System.nanoTime();
        long deadline = p.timeout() > 0 ? received + p.timeout() * 1_000_000 : 0;
        var action = endpoint.localAction().get();
        CallContext ctx = new CallContext(
                broker,
                p.id(),
                p.sender(),
                CallTrace.of(p, deadline),
                action.fullName(),
                null,
                action.serviceName(),
                p.params());
        if (stream != null) {
            ctx.stream(stream);
        }
        ScheduledFuture<?> overdue = deadline == 0 ? null : settleWhenOverdue(p, settlement);
        ActionHandler run = ctx2 -> {
            if (ctx.expired()) {
                LOG.warn(
                        "Request {} for '{}' from {} expired before its handler started (deadline {} ms): skipped",
                        p.id(),
                        p.action(),
                        p.sender(),
                        p.timeout());
                throw new Expired();
            }
            return action.definition().handler().handle(ctx2);
        };
        // a non-blocking handler runs on the transporter's thread, no hand-off
        invoker.invoke(action.definition().handler().nonBlocking() ? ActionHandler.nonBlocking(run) : run, ctx)
                .whenComplete((value, error) -> {
                    if (overdue != null) {
                        overdue.cancel(false);
                    }
                    try {
                        ended(p, stream, value, error, ctx, received, deadline, settlement);
                    } catch (RuntimeException e) {
                        LOG.error("Failed to answer request {} for '{}' from {}", p.id(), p.action(), p.sender(), e);
                        settlement.dropped();
                    }
                });
    }

    /**
     * A packet the transport holds unacknowledged until it is settled (an AMQP balanced queue, whose
     * {@code prefetch} such packets fill) is settled once the caller's deadline has passed even if its
     * handler never ends: nobody waits for that answer any more, and a hung handler must not stop this node
     * from taking more work.
     */
    private @Nullable ScheduledFuture<?> settleWhenOverdue(RequestPacket p, Settlement settlement) {
        if (!settlement.redeliverable()) {
            return null;
        }
        try {
            return scheduler.schedule(
                    () -> {
                        if (!settlement.isSettled()) {
                            LOG.warn(
                                    "Request {} for '{}' from {} still runs past its deadline ({} ms): acknowledged, so that it is not redelivered",
                                    p.id(),
                                    p.action(),
                                    p.sender(),
                                    p.timeout());
                            settlement.handled();
                        }
                    },
                    p.timeout(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null; // stopping: the transport requeues what is unsettled when it disconnects
        }
    }

    private void ended(
            RequestPacket p,
            @Nullable InputStream stream,
            @Nullable Object value,
            @Nullable Throwable error,
            CallContext ctx,
            long received,
            long deadline,
            Settlement settlement) {
        if (stream != null) {
            closeQuietly(stream); // the handler is done with it; the rest is dropped
        }
        if (error != null && ErrorCodec.unwrap(error) instanceof Expired) {
            settlement.handled(); // the caller has given up: nobody should run it again
            return;
        }
        if (deadline != 0 && System.nanoTime() - deadline > 0) {
            LOG.warn(
                    "Request {} for '{}' from {} expired: its deadline ({} ms) passed while the handler ran ({} ms); the caller has given up, no response sent",
                    p.id(),
                    p.action(),
                    p.sender(),
                    p.timeout(),
                    (System.nanoTime() - received) / 1_000_000);
            closeQuietly(value);
            settlement.handled();
            return;
        }
        reply(p, value, error, ctx, settlement);
    }

    private void reject(RequestPacket p, @Nullable InputStream stream, Throwable error, Settlement settlement) {
        closeQuietly(stream);
        reply(p, null, error, null, settlement);
    }

    private static void closeQuietly(@Nullable Object source) {
        if (source instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("Closing a stream failed: {}", e.toString());
            }
        }
    }

    /** Answers {@code p}; settles once the answer is with the transporter (dropped when it refused it). */
    private void reply(
            RequestPacket p,
            @Nullable Object value,
            @Nullable Throwable error,
            @Nullable CallContext ctx,
            Settlement settlement) {
        if (Messenger.oneWay(p)) {
            if (error != null) {
                Messenger.logFailure(p.action(), p.sender(), error);
            }
            settlement.handled();
            return;
        }
        ObjectNode meta = ctx == null ? p.meta() : Json.objectTree(ctx.meta());
        ResponsePacket response;
        InputStream stream = error == null ? ResultStreams.asStream(value) : null;
        if (stream != null) {
            // Settled as the stream starts: a rerun could not resume a stream the caller half received.
            transit.respondStream(p, meta, stream);
            settlement.handled();
            return;
        }
        if (error == null) {
            JsonNode data;
            try {
                data = Json.tree(value);
            } catch (RuntimeException e) {
                reply(p, null, e, ctx, settlement);
                return;
            }
            response = new ResponsePacket(
                    broker.nodeId(),
                    p.id(),
                    true,
                    data,
                    Optional.empty(),
                    meta,
                    Json.object(),
                    false,
                    OptionalInt.empty());
        } else {
            Throwable cause = ErrorCodec.unwrap(error);
            if (!(cause instanceof io.mycelium.MyceliumException)) {
                LOG.debug("Handler of '{}' failed", p.action(), cause);
            }
            response = new ResponsePacket(
                    broker.nodeId(),
                    p.id(),
                    false,
                    Json.nodes().nullNode(),
                    Optional.of(ErrorCodec.toWire(cause, broker.nodeId())),
                    meta,
                    Json.object(),
                    false,
                    OptionalInt.empty());
        }
        transit.send(response, Destination.node(p.sender())).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn("Could not answer request {} from {}: {}", p.id(), p.sender(), e.toString());
            }
            settlement.settle(e == null);
        });
    }

    /** Marks work skipped because its deadline had passed. */
    private static final class Expired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Expired() {
            super(null, null, false, false);
        }
    }
}
