package io.mycelium.cli;

import io.mycelium.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * What the demo's nodes handled, told by their handlers (all nodes run in this process): which node
 * answered each call (keyed by its unique params) and which node and group handled each event.
 */
final class DemoRecorder {

    /** One event handled by one node's handler in one group. */
    record Handled(String event, String node, String group) {}

    private final Map<String, String> answeredBy = new ConcurrentHashMap<>();
    private final List<Handled> events = new ArrayList<>();

    /** The observer to give the demo services of {@code node}. */
    BiConsumer<String, Context> observer(String node) {
        return (what, ctx) -> {
            if (ctx.eventName().isPresent()) {
                event(ctx.eventName().get(), node, "demo");
            } else {
                answeredBy.put(Json.compact(ctx.params()), node);
            }
        };
    }

    void event(String event, String node, String group) {
        synchronized (events) {
            events.add(new Handled(event, node, group));
            events.notifyAll();
        }
    }

    /** The node whose handler got these params, if any did. */
    Optional<String> answeredBy(Object params) {
        return Optional.ofNullable(answeredBy.get(Json.compact(Json.tree(params))));
    }

    /**
     * Waits until {@code count} handlers got {@code event} or {@code wait} passes, and returns those that did;
     * then waits a little longer to catch a handler too many (which would be a bug worth showing).
     */
    List<Handled> awaitEvent(String event, int count, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (events) {
            while (matching(event).size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                events.wait(Math.max(1, left / 1_000_000));
            }
            events.wait(100);
            return matching(event);
        }
    }

    private List<Handled> matching(String event) {
        return events.stream().filter(h -> h.event().equals(event)).toList();
    }
}
