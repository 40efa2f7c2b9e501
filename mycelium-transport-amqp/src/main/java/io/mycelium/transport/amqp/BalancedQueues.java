package io.mycelium.transport.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.protocol.InfoPacket;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The balanced queues of the local services, as Moleculer's {@code makeBalancedSubscriptions} derives them
 * from the local INFO: one {@code REQB.<action>} per action key and one {@code EVENTB.<group>.<event>} per
 * event key, the group defaulting to the service name.
 */
final class BalancedQueues {
    private BalancedQueues() {}

    /** Queue name to declaration, for every local action and event listed in {@code info}. */
    static Map<String, AmqpTopology.QueueSpec> of(InfoPacket info, AmqpTopology topology) {
        Map<String, AmqpTopology.QueueSpec> specs = new LinkedHashMap<>();
        for (JsonNode service : info.services()) {
            String serviceName = service.path("name").asText("");
            JsonNode actions = service.path("actions");
            if (actions.isObject()) {
                for (Iterator<String> names = actions.fieldNames(); names.hasNext(); ) {
                    AmqpTopology.QueueSpec spec = topology.balancedRequest(names.next());
                    specs.put(spec.queue(), spec);
                }
            }
            JsonNode events = service.path("events");
            if (events.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = events.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> event = it.next();
                    JsonNode group = event.getValue().path("group");
                    String groupName = group.isTextual() && !group.asText().isEmpty() ? group.asText() : serviceName;
                    AmqpTopology.QueueSpec spec = topology.balancedEvent(groupName, event.getKey());
                    specs.put(spec.queue(), spec);
                }
            }
        }
        return specs;
    }
}
