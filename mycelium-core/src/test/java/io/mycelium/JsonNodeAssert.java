package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Small checks on {@code $node.*} answers. */
final class JsonNodeAssert {
    private JsonNodeAssert() {}

    static JsonNode node(ServiceBroker b, String id) {
        for (JsonNode n : b.call("$node.list", null).join()) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("node " + id + " is not listed by " + b.nodeId());
    }

    static void nodeIsOffline(ServiceBroker b, String id) {
        JsonNode n = node(b, id);
        assertThat(n.get("available").asBoolean()).isFalse();
        assertThat(n.get("offlineSince").isNumber()).isTrue();
    }
}
