package io.mycelium.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What the Java event handlers of a test received, by {@code <group>|<event>}. Thread-safe. */
final class EventLog {
    /** One received event: its data and the node that emitted it. */
    record Received(JsonNode data, String sender) {}

    private final Map<String, List<Received>> byKey = new ConcurrentHashMap<>();

    void record(String group, Context ctx) {
        String key = group + "|" + ctx.eventName().orElse("?");
        List<Received> list = byKey.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (list) {
            list.add(new Received(ctx.data().deepCopy(), ctx.nodeId()));
        }
    }

    List<Received> get(String group, String event) {
        List<Received> list = byKey.getOrDefault(group + "|" + event, List.of());
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    void clear() {
        byKey.clear();
    }
}
