package io.mycelium.internal.serializer;

import io.mycelium.protocol.RequestPacket;
import java.io.IOException;

/** REQUEST. A stream chunk's {@code params} are bytes (see {@link PacketReader#chunk}). */
final class RequestCodec implements PacketCodec<RequestPacket> {

    static final RequestCodec INSTANCE = new RequestCodec();

    private RequestCodec() {}

    @Override
    public void write(RequestPacket packet, PacketWriter out) throws IOException {
        out.string(Field.ID, packet.id());
        out.string(Field.ACTION, packet.action());
        out.tree(Field.PARAMS, packet.params());
        out.tree(Field.META, packet.meta());
        out.tree(Field.HEADERS, packet.headers());
        out.number(Field.TIMEOUT, packet.timeout());
        out.number(Field.LEVEL, packet.level());
        out.bool(Field.TRACING, packet.tracing());
        out.string(Field.PARENT_ID, packet.parentId());
        out.string(Field.REQUEST_ID, packet.requestId());
        out.string(Field.CALLER, packet.caller());
        out.bool(Field.STREAM, packet.stream());
        if (packet.seq().isPresent()) {
            out.number(Field.SEQ, packet.seq());
        }
    }

    @Override
    public RequestPacket read(PacketReader in) {
        boolean stream = in.booleanOr(Field.STREAM, false);
        return new RequestPacket(
                in.requiredString(Field.SENDER),
                in.requiredString(Field.ID),
                in.requiredString(Field.ACTION),
                stream ? in.chunk(Field.PARAMS) : in.value(Field.PARAMS),
                in.object(Field.META),
                in.object(Field.HEADERS),
                in.longOr(Field.TIMEOUT, 0),
                in.intOr(Field.LEVEL, 1),
                in.optionalBoolean(Field.TRACING),
                in.optionalString(Field.PARENT_ID),
                in.optionalString(Field.REQUEST_ID),
                in.optionalString(Field.CALLER),
                stream,
                in.optionalInt(Field.SEQ));
    }
}
