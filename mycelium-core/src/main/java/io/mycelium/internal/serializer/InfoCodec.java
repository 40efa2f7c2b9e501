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
        out.tree("services", packet.services());
        out.strings("ipList", packet.ipList());
        out.string("hostname", packet.hostname());
        out.tree("client", packet.client());
        out.tree("config", packet.config());
        out.string("instanceID", packet.instanceId());
        out.tree("metadata", packet.metadata());
        out.number("seq", packet.seq());
        for (Map.Entry<String, JsonNode> extra : packet.extras().properties()) {
            if (!KNOWN.contains(extra.getKey())) {
                out.tree(extra.getKey(), extra.getValue());
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
                in.requiredString("sender"),
                in.requiredArray("services"),
                in.strings("ipList"),
                in.string("hostname"),
                in.object("client"),
                in.object("config"),
                in.string("instanceID"),
                in.object("metadata"),
                in.longOr("seq", 0),
                extras);
    }
}
