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
        out.string("id", packet.id());
        out.tree("meta", packet.meta());
        out.tree("headers", packet.headers());
        out.bool("success", packet.success());
        out.tree("data", packet.data());
        if (packet.error().isPresent()) {
            out.tree("error", packet.error().get());
        }
        if (packet.stream() || packet.seq().isPresent()) {
            out.bool("stream", packet.stream());
            out.number("seq", packet.seq());
        }
    }

    @Override
    public ResponsePacket read(PacketReader in) {
        boolean stream = in.booleanOr("stream", false);
        return new ResponsePacket(
                in.requiredString("sender"),
                in.requiredString("id"),
                in.requiredBoolean("success"),
                stream ? in.chunk("data") : in.value("data"),
                in.optionalObject("error"),
                in.object("meta"),
                in.object("headers"),
                stream,
                in.optionalInt("seq"));
    }
}
