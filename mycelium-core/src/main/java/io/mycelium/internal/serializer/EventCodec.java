package io.mycelium.internal.serializer;

import io.mycelium.protocol.EventPacket;
import java.io.IOException;

/**
 * EVENT. As Moleculer 0.15 does, {@code groups} is left out for a broadcast to all groups, {@code needAck}
 * is null unless set, and {@code stream}/{@code seq} are written only for streamed events.
 */
final class EventCodec implements PacketCodec<EventPacket> {

    static final EventCodec INSTANCE = new EventCodec();

    private EventCodec() {}

    @Override
    public void write(EventPacket packet, PacketWriter out) throws IOException {
        out.string("id", packet.id());
        out.string("event", packet.event());
        out.tree("data", packet.data());
        if (packet.groups().isPresent()) {
            out.strings("groups", packet.groups().get());
        }
        out.bool("broadcast", packet.broadcast());
        out.tree("meta", packet.meta());
        out.tree("headers", packet.headers());
        out.number("level", packet.level());
        out.bool("tracing", packet.tracing());
        out.string("parentID", packet.parentId());
        out.string("requestID", packet.requestId());
        out.string("caller", packet.caller());
        if (packet.needAck()) {
            out.bool("needAck", true);
        } else {
            out.nullField("needAck");
        }
        if (packet.stream() || packet.seq().isPresent()) {
            out.bool("stream", packet.stream());
            out.number("seq", packet.seq());
        }
    }

    @Override
    public EventPacket read(PacketReader in) {
        boolean stream = in.booleanOr("stream", false);
        return new EventPacket(
                in.requiredString("sender"),
                in.string("id"),
                in.requiredString("event"),
                stream ? in.chunk("data") : in.value("data"),
                in.optionalStrings("groups"),
                in.booleanOr("broadcast", false),
                in.object("meta"),
                in.object("headers"),
                in.intOr("level", 1),
                in.optionalBoolean("tracing"),
                in.optionalString("parentID"),
                in.optionalString("requestID"),
                in.optionalString("caller"),
                in.booleanOr("needAck", false),
                stream,
                in.optionalInt("seq"));
    }
}
