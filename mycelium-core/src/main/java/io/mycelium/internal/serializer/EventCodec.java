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
        out.string(Field.ID, packet.id());
        out.string(Field.EVENT, packet.event());
        out.tree(Field.DATA, packet.data());
        if (packet.groups().isPresent()) {
            out.strings(Field.GROUPS, packet.groups().get());
        }
        out.bool(Field.BROADCAST, packet.broadcast());
        out.tree(Field.META, packet.meta());
        out.tree(Field.HEADERS, packet.headers());
        out.number(Field.LEVEL, packet.level());
        out.bool(Field.TRACING, packet.tracing());
        out.string(Field.PARENT_ID, packet.parentId());
        out.string(Field.REQUEST_ID, packet.requestId());
        out.string(Field.CALLER, packet.caller());
        if (packet.needAck()) {
            out.bool(Field.NEED_ACK, true);
        } else {
            out.nullField(Field.NEED_ACK);
        }
        if (packet.stream() || packet.seq().isPresent()) {
            out.bool(Field.STREAM, packet.stream());
            out.number(Field.SEQ, packet.seq());
        }
    }

    @Override
    public EventPacket read(PacketReader in) {
        boolean stream = in.booleanOr(Field.STREAM, false);
        return new EventPacket(
                in.requiredString(Field.SENDER),
                in.string(Field.ID),
                in.requiredString(Field.EVENT),
                stream ? in.chunk(Field.DATA) : in.value(Field.DATA),
                in.optionalStrings(Field.GROUPS),
                in.booleanOr(Field.BROADCAST, false),
                in.object(Field.META),
                in.object(Field.HEADERS),
                in.intOr(Field.LEVEL, 1),
                in.optionalBoolean(Field.TRACING),
                in.optionalString(Field.PARENT_ID),
                in.optionalString(Field.REQUEST_ID),
                in.optionalString(Field.CALLER),
                in.booleanOr(Field.NEED_ACK, false),
                stream,
                in.optionalInt(Field.SEQ));
    }
}
