package io.mycelium.internal.transit;

import io.mycelium.protocol.RequestPacket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests that came through a transport that redelivers what a node does not settle (AMQP balanced
 * queues), remembered by sender and ID, so that a copy redelivered to this node while or after it ran the
 * first one is not run again: the copy settles with the first run's outcome (and runs after all when that
 * run could not answer). Bounded: the oldest are forgotten first. A copy redelivered to another node (the
 * first one died), or after this one forgot it, runs again: a crashed worker's requests are delivered at
 * least once, not exactly once. Thread-safe.
 */
final class RedeliveredRequests {
    private static final Logger LOG = LoggerFactory.getLogger(RedeliveredRequests.class);
    static final int CAPACITY = 4096;

    // insertion-ordered, oldest dropped first; guarded by itself
    private final Map<String, CompletableFuture<Boolean>> runs = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Boolean>> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Runs {@code run} with a settlement for {@code p}, unless it is a redelivered copy of a known run. */
    void accept(RequestPacket p, Settlement settlement, Consumer<Settlement> run) {
        if (!settlement.redeliverable()) {
            run.accept(settlement);
            return;
        }
        String key = p.sender() + '\n' + p.id();
        CompletableFuture<Boolean> earlier;
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        synchronized (runs) {
            earlier = settlement.redelivered() ? runs.get(key) : null;
            if (earlier == null || (earlier.isDone() && !earlier.join())) {
                runs.put(key, mine);
                earlier = null;
            }
        }
        if (earlier == null) {
            Settlement tracked = settlement.alsoTelling(mine::complete);
            try {
                run.accept(tracked);
            } catch (RuntimeException e) {
                tracked.dropped(); // so that no redelivered copy waits on this run forever
                throw e;
            }
            return;
        }
        LOG.info(
                "Request {} for '{}' from {} was redelivered to this node, which {} it: not run twice",
                p.id(),
                p.action(),
                p.sender(),
                earlier.isDone() ? "already answered" : "is still running");
        earlier.thenAccept(answered -> {
            if (answered) {
                settlement.handled();
            } else {
                accept(p, settlement, run); // the first run could not answer: this copy runs after all
            }
        });
    }
}
