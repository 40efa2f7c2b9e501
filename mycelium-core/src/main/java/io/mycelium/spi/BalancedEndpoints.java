package io.mycelium.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.protocol.InfoPacket;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a node consumes when its broker balances (the built-in balancer disabled), read from its own INFO:
 * one balanced topic per action ({@code PREFIX.REQB.<action>}, actions by full name, e.g.
 * {@code v2.math.add}) and one per event group and event ({@code PREFIX.EVENTB.<group>.<event>}), the
 * group defaulting to the service name as in Moleculer. Broker transporters recompute it whenever the node
 * broadcasts a new INFO. Immutable.
 *
 * @param actions the full names of the local actions
 * @param events the (group, event name) pairs of the local event handlers
 */
public record BalancedEndpoints(Set<String> actions, Set<GroupEvent> events) {

    /** An event handler's group and the event name (or pattern) it listens to. */
    public record GroupEvent(String group, String event) {}

    public BalancedEndpoints {
        actions = Set.copyOf(actions);
        events = Set.copyOf(events);
    }

    /** The endpoints of the services listed in {@code info}. */
    public static BalancedEndpoints of(InfoPacket info) {
        Set<String> actions = new LinkedHashSet<>();
        Set<GroupEvent> events = new LinkedHashSet<>();
        for (JsonNode service : info.services()) {
            String name = service.path("name").asText("");
            service.path("actions").fieldNames().forEachRemaining(actions::add);
            Iterator<Map.Entry<String, JsonNode>> eventEntries =
                    service.path("events").fields();
            while (eventEntries.hasNext()) {
                Map.Entry<String, JsonNode> e = eventEntries.next();
                String group = e.getValue().path("group").asText("");
                events.add(new GroupEvent(group.isEmpty() ? name : group, e.getKey()));
            }
        }
        return new BalancedEndpoints(actions, events);
    }
}
