package io.mycelium.transport.nats;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.protocol.InfoPacket;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The balanced queues a node must consume, read from its INFO: one per action ({@code REQB.<action>}) and
 * one per event group and event ({@code EVENTB.<group>.<event>}), the group defaulting to the service
 * name as in Moleculer.
 */
record LocalEndpoints(Set<String> actions, Set<GroupEvent> events) {

    record GroupEvent(String group, String event) {}

    static LocalEndpoints of(InfoPacket info) {
        Set<String> actions = new LinkedHashSet<>();
        Set<GroupEvent> events = new LinkedHashSet<>();
        for (JsonNode service : info.services()) {
            String name = service.path("name").asText("");
            Iterator<String> actionNames = service.path("actions").fieldNames();
            actionNames.forEachRemaining(actions::add);
            Iterator<Map.Entry<String, JsonNode>> eventEntries =
                    service.path("events").fields();
            while (eventEntries.hasNext()) {
                Map.Entry<String, JsonNode> e = eventEntries.next();
                String group = e.getValue().path("group").asText("");
                events.add(new GroupEvent(group.isEmpty() ? name : group, e.getKey()));
            }
        }
        return new LocalEndpoints(Set.copyOf(actions), Set.copyOf(events));
    }
}
