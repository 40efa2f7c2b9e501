package io.mycelium.transport.tcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.InvalidPacketException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node INFO as it travels inside GOSSIP_RES: a bare object ({@code ipList}, {@code hostname},
 * {@code instanceID}, {@code client}, {@code config}, {@code port}, {@code seq}, {@code metadata},
 * {@code services}) without {@code ver}; the receiver sets {@code sender} to the node id it is keyed by.
 */
final class InfoTrees {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> MODELLED = Set.of(
            "ver", "sender", "services", "ipList", "hostname", "client", "config", "instanceID", "metadata", "seq");

    private InfoTrees() {}

    /** The tree of this node's INFO as gossip sends it, with the listening port and the given seq. */
    static ObjectNode localTree(InfoPacket info, long seq, int port) {
        ObjectNode tree = F.objectNode();
        ArrayNode ips = tree.putArray("ipList");
        info.ipList().forEach(ips::add);
        tree.put("hostname", info.hostname());
        tree.put("instanceID", info.instanceId());
        tree.set("client", info.client());
        tree.set("config", info.config());
        Iterator<Map.Entry<String, JsonNode>> extras = info.extras().fields();
        while (extras.hasNext()) {
            Map.Entry<String, JsonNode> e = extras.next();
            if (!MODELLED.contains(e.getKey())) {
                tree.set(e.getKey(), e.getValue());
            }
        }
        tree.put("port", port);
        tree.put("seq", seq);
        tree.set("metadata", info.metadata());
        tree.set("services", info.services());
        return tree;
    }

    /**
     * The INFO packet of a tree learned through gossip.
     *
     * @throws InvalidPacketException when a field has the wrong type
     */
    static InfoPacket toPacket(String nodeId, ObjectNode tree) {
        JsonNode services = tree.path("services");
        if (!services.isMissingNode() && !services.isNull() && !services.isArray()) {
            throw new InvalidPacketException("INFO of " + nodeId + ": services is not a list");
        }
        List<String> ips = new ArrayList<>();
        for (JsonNode ip : tree.path("ipList")) {
            if (ip.isTextual()) {
                ips.add(ip.asText());
            }
        }
        ObjectNode extras = F.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = tree.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (!MODELLED.contains(e.getKey())) {
                extras.set(e.getKey(), e.getValue());
            }
        }
        return new InfoPacket(
                nodeId,
                services.isArray() ? (ArrayNode) services : F.arrayNode(),
                ips,
                tree.path("hostname").asText(""),
                object(tree.get("client")),
                object(tree.get("config")),
                tree.path("instanceID").asText(""),
                object(tree.get("metadata")),
                seq(tree),
                extras);
    }

    static long seq(JsonNode tree) {
        JsonNode seq = tree.path("seq");
        return seq.canConvertToLong() ? seq.asLong() : 1;
    }

    static int port(JsonNode tree) {
        JsonNode port = tree.path("port");
        return port.canConvertToInt() ? port.asInt() : 0;
    }

    private static ObjectNode object(JsonNode node) {
        return node instanceof ObjectNode o ? o : F.objectNode();
    }
}
