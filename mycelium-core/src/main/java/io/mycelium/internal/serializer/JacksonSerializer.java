package io.mycelium.internal.serializer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.protocol.DisconnectPacket;
import io.mycelium.protocol.DiscoverPacket;
import io.mycelium.protocol.EventPacket;
import io.mycelium.protocol.GossipHelloPacket;
import io.mycelium.protocol.GossipRequestPacket;
import io.mycelium.protocol.GossipResponsePacket;
import io.mycelium.protocol.HeartbeatPacket;
import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.InvalidPacketException;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.protocol.PingPacket;
import io.mycelium.protocol.PongPacket;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.protocol.ResponsePacket;
import io.mycelium.spi.Serializer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@link Serializer} over one Jackson {@link WireFormat}. Encoding streams each packet's fields straight
 * into a generator; decoding streams the envelope's fields into a table ({@link TreeReader}) and hands it
 * to the packet type's codec. Stateless and thread-safe.
 */
final class JacksonSerializer implements Serializer {

    private final WireFormat format;

    JacksonSerializer(WireFormat format) {
        this.format = format;
    }

    @Override
    public String name() {
        return format.serializerName();
    }

    @Override
    public byte[] serialize(Packet packet) {
        BufferRecycler recycler = format.factory()._getBufferRecycler();
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(recycler)) {
            try (JsonGenerator gen = format.factory().createGenerator(bytes, JsonEncoding.UTF8)) {
                PacketWriter out = new PacketWriter(gen, format);
                gen.writeStartObject();
                out.string(Field.VER, Packet.PROTOCOL_VERSION);
                out.string(Field.SENDER, packet.sender());
                writeFields(packet, out);
                gen.writeEndObject();
            }
            return bytes.getClearAndRelease();
        } catch (IOException e) {
            // Only a non-serializable value inside a tree (a POJONode) can fail here.
            throw new UncheckedIOException("cannot serialize " + packet.type() + " packet", e);
        } finally {
            recycler.releaseToPool();
        }
    }

    @Override
    public Packet deserialize(PacketType type, byte[] bytes) {
        PacketReader in = parse(type, bytes);
        JsonNode version = in.get(Field.VER);
        // Moleculer compares with !==, so the number 5 is as wrong as "4".
        if (version == null || !Packet.PROTOCOL_VERSION.equals(version.textValue())) {
            throw in.invalid(
                    version == null
                            ? "missing protocol version 'ver'"
                            : "protocol version " + PacketReader.show(version) + " is not \"" + Packet.PROTOCOL_VERSION
                                    + "\"");
        }
        return codec(type).read(in);
    }

    private PacketReader parse(PacketType type, byte[] bytes) {
        if (format == WireFormat.MSGPACK) {
            String problem = MsgPackGuard.check(bytes, WireFormat.MAX_DEPTH);
            if (problem != null) {
                throw new InvalidPacketException(type + " packet: not valid msgpack: " + problem);
            }
        }
        // Streamed: the envelope's fields straight into a table, no root tree (see TreeReader). CBOR text is
        // checked for well-formed UTF-16 on the way (WellFormedText).
        try (JsonParser parser = format.factory().createParser(bytes)) {
            PacketReader in = TreeReader.readPacket(format, parser, type, bytes);
            if (format != WireFormat.MSGPACK && parser.nextToken() != null) {
                throw new InvalidPacketException(type + " packet: trailing bytes after the packet");
            }
            return in;
        } catch (InvalidPacketException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Binary parsers also fail with their own unchecked exceptions on garbage.
            throw new InvalidPacketException(
                    type + " packet: not valid " + format.serializerName() + ": " + e.getMessage(), e);
        }
    }

    private static void writeFields(Packet packet, PacketWriter out) throws IOException {
        switch (packet) {
            case DiscoverPacket p -> DiscoverCodec.INSTANCE.write(p, out);
            case InfoPacket p -> InfoCodec.INSTANCE.write(p, out);
            case HeartbeatPacket p -> HeartbeatCodec.INSTANCE.write(p, out);
            case RequestPacket p -> RequestCodec.INSTANCE.write(p, out);
            case ResponsePacket p -> ResponseCodec.INSTANCE.write(p, out);
            case EventPacket p -> EventCodec.INSTANCE.write(p, out);
            case PingPacket p -> PingCodec.INSTANCE.write(p, out);
            case PongPacket p -> PongCodec.INSTANCE.write(p, out);
            case DisconnectPacket p -> DisconnectCodec.INSTANCE.write(p, out);
            case GossipHelloPacket p -> GossipHelloCodec.INSTANCE.write(p, out);
            case GossipRequestPacket p -> GossipRequestCodec.INSTANCE.write(p, out);
            case GossipResponsePacket p -> GossipResponseCodec.INSTANCE.write(p, out);
        }
    }

    private static PacketCodec<?> codec(PacketType type) {
        return switch (type) {
            case DISCOVER -> DiscoverCodec.INSTANCE;
            case INFO -> InfoCodec.INSTANCE;
            case HEARTBEAT -> HeartbeatCodec.INSTANCE;
            case REQUEST -> RequestCodec.INSTANCE;
            case RESPONSE -> ResponseCodec.INSTANCE;
            case EVENT -> EventCodec.INSTANCE;
            case PING -> PingCodec.INSTANCE;
            case PONG -> PongCodec.INSTANCE;
            case DISCONNECT -> DisconnectCodec.INSTANCE;
            case GOSSIP_HELLO -> GossipHelloCodec.INSTANCE;
            case GOSSIP_REQ -> GossipRequestCodec.INSTANCE;
            case GOSSIP_RES -> GossipResponseCodec.INSTANCE;
        };
    }
}
