package io.mycelium.internal.serializer;

import io.mycelium.protocol.ResponsePacket;
import java.io.IOException;

/**
 * RESPONSE. Like Moleculer, {@code stream} is written only for streamed responses, and {@code error}
 * only on failure.
 */
final class ResponseCodec implements PacketCodec<ResponsePacket> {

    static final ResponseCodec INSTANCE = new ResponseCodec();

    private ResponseCodec() {}

    @Override
    public void write(ResponsePacket packet, PacketWriter out) throws IOException {
        out.string(Field.ID, packet.id());
        out.tree(Field.META, packet.meta());
        out.tree(Field.HEADERS, packet.headers());
        out.bool(Field.SUCCESS, packet.success());
        out.tree(Field.DATA, packet.data());
        if (packet.error().isPresent()) {
            out.tree(Field.ERROR, packet.error().get());
        }
        if (packet.stream() || packet.seq().isPresent()) {
            out.bool(Field.STREAM, packet.stream());
            out.number(Field.SEQ, packet.seq());
        }
    }

    @Override
    public ResponsePacket read(PacketReader in) {
        boolean stream = in.booleanOr(Field.STREAM, false);
        return new ResponsePacket(
                in.requiredString(Field.SENDER),
                in.requiredString(Field.ID),
                in.requiredBoolean(Field.SUCCESS),
                stream ? in.chunk(Field.DATA) : in.value(Field.DATA),
                in.optionalObject(Field.ERROR),
                in.object(Field.META),
                in.object(Field.HEADERS),
                stream,
                in.optionalInt(Field.SEQ));
    }
}
