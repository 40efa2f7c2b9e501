package io.mycelium.internal.serializer;

import io.mycelium.protocol.RequestPacket;
import java.io.IOException;

/** REQUEST. A stream chunk's {@code params} are bytes (see {@link PacketReader#chunk}). */
final class RequestCodec implements PacketCodec<RequestPacket> {

    static final RequestCodec INSTANCE = new RequestCodec();

    private RequestCodec() {}

    @Override
    public void write(RequestPacket packet, PacketWriter out) throws IOException {
        out.string("id", packet.id());
        out.string("action", packet.action());
        out.tree("params", packet.params());
        out.tree("meta", packet.meta());
        out.tree("headers", packet.headers());
        out.number("timeout", packet.timeout());
        out.number("level", packet.level());
        out.bool("tracing", packet.tracing());
        out.string("parentID", packet.parentId());
        out.string("requestID", packet.requestId());
        out.string("caller", packet.caller());
        out.bool("stream", packet.stream());
        if (packet.seq().isPresent()) {
            out.number("seq", packet.seq());
        }
    }

    @Override
    public RequestPacket read(PacketReader in) {
        boolean stream = in.booleanOr("stream", false);
        return new RequestPacket(
                in.requiredString("sender"),
                in.requiredString("id"),
                in.requiredString("action"),
                stream ? in.chunk("params") : in.value("params"),
                in.object("meta"),
                in.object("headers"),
                in.longOr("timeout", 0),
                in.intOr("level", 1),
                in.optionalBoolean("tracing"),
                in.optionalString("parentID"),
                in.optionalString("requestID"),
                in.optionalString("caller"),
                stream,
                in.optionalInt("seq"));
    }
}
