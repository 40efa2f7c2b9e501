package io.mycelium.internal.serializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.protocol.InfoPacket;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** INFO. Unknown top-level fields go to {@code extras} and are written back, so gossip relays them. */
final class InfoCodec implements PacketCodec<InfoPacket> {

    static final InfoCodec INSTANCE = new InfoCodec();

    private static final Set<String> KNOWN = Set.of(
            "ver", "sender", "services", "ipList", "hostname", "client", "config", "instanceID", "metadata", "seq");

    private InfoCodec() {}

    @Override
    public void write(InfoPacket packet, PacketWriter out) throws IOException {
        out.tree(Field.SERVICES, packet.services());
        out.strings(Field.IP_LIST, packet.ipList());
        out.string(Field.HOSTNAME, packet.hostname());
        out.tree(Field.CLIENT, packet.client());
        out.tree(Field.CONFIG, packet.config());
        out.string(Field.INSTANCE_ID, packet.instanceId());
        out.tree(Field.METADATA, packet.metadata());
        out.number(Field.SEQ, packet.seq());
        for (Map.Entry<String, JsonNode> extra : packet.extras().properties()) {
            if (!KNOWN.contains(extra.getKey())) {
                out.extra(extra.getKey(), extra.getValue());
            }
        }
    }

    @Override
    public InfoPacket read(PacketReader in) {
        ObjectNode extras = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : in.root().properties()) {
            if (!KNOWN.contains(field.getKey())) {
                extras.set(field.getKey(), field.getValue());
            }
        }
        return new InfoPacket(
                in.requiredString(Field.SENDER),
                in.requiredArray(Field.SERVICES),
                in.strings(Field.IP_LIST),
                in.string(Field.HOSTNAME),
                in.object(Field.CLIENT),
                in.object(Field.CONFIG),
                in.string(Field.INSTANCE_ID),
                in.object(Field.METADATA),
                in.longOr(Field.SEQ, 0),
                extras);
    }
}
