package io.mycelium.internal.serializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mycelium.protocol.InvalidPacketException;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.spi.Serializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the packet fuzz tests found (docs/fuzzing.md), each kept as a plain test. */
class SerializerFuzzFindingsTest {

    private final Serializer cbor = SerializerRoundTripTest.serializer("cbor");
    private final Serializer json = SerializerRoundTripTest.serializer("json");
    private final Serializer msgpack = SerializerRoundTripTest.serializer("msgpack");

    /** A CBOR REQUEST whose params are the given CBOR item, built by hand so that it may be invalid. */
    private static byte[] cborRequest(byte[] params) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xA5);
        for (String s : new String[] {"ver", "5", "sender", "a", "id", "1", "action", "x", "params"}) {
            out.write(0x60 + s.length());
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(params);
        return out.toByteArray();
    }

    @Test
    void cborTextWithALeadByteAboveF4IsRefused() {
        // Found by CborPacketFuzzTest: the parser made an unpaired surrogate of it, which the packet
        // carried until the CBOR generator refused to write it back (UncheckedIOException on reply).
        byte[] packet = cborRequest(new byte[] {0x64, (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80});
        assertThatThrownBy(() -> cbor.deserialize(PacketType.REQUEST, packet))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessage("REQUEST packet: a string with an unpaired surrogate");
    }

    @Test
    void cborFieldNameWithALeadByteAboveF4IsRefused() {
        byte[] packet =
                cborRequest(new byte[] {(byte) 0xA1, 0x64, (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1});
        assertThatThrownBy(() -> cbor.deserialize(PacketType.REQUEST, packet))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessage("REQUEST packet: a field name with an unpaired surrogate");
    }

    @Test
    void cborTextOfValidUtf8StillRoundTrips() {
        byte[] snowman = "x\u2603\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        params.write(0x60 + snowman.length);
        params.writeBytes(snowman);
        Packet packet = cbor.deserialize(PacketType.REQUEST, cborRequest(params.toByteArray()));
        assertThat(((RequestPacket) packet).params().textValue()).isEqualTo("x\u2603\uD83D\uDE00");
        assertThat(cbor.deserialize(PacketType.REQUEST, cbor.serialize(packet))).isEqualTo(packet);
    }

    @Test
    void jsonKeepsALoneSurrogateEscapeAsNodeDoes() {
        // JSON.parse accepts "\ud800" and JSON.stringify writes it back escaped; so does Jackson.
        byte[] bytes = "{\"ver\":\"5\",\"sender\":\"a\",\"id\":\"1\",\"action\":\"x\",\"params\":\"\\ud800\"}"
                .getBytes(StandardCharsets.UTF_8);
        Packet packet = json.deserialize(PacketType.REQUEST, bytes);
        assertThat(json.deserialize(PacketType.REQUEST, json.serialize(packet))).isEqualTo(packet);
    }

    @Test
    void msgpackVersionThatIsAnExtensionIsRefused() {
        // Found by MsgPackPacketFuzzTest: the refusal message printed the value, and the text of a MsgPack
        // extension value fails (only a MsgPack generator can write it): a RuntimeException escaped.
        byte[] packet = {
            (byte) 0x82,
            (byte) 0xA3,
            'v',
            'e',
            'r',
            (byte) 0xD5,
            0x21,
            1,
            2,
            (byte) 0xA6,
            's',
            'e',
            'n',
            'd',
            'e',
            'r',
            (byte) 0xA1,
            'a'
        };
        assertThatThrownBy(() -> msgpack.deserialize(PacketType.DISCOVER, packet))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessage("DISCOVER packet: protocol version pojo is not \"5\"");
    }

    @Test
    void msgpackBufferByteThatIsAnExtensionIsRefused() {
        // {"ver":"5","sender":"a","id":"1","action":"x","stream":true,"seq":0,"params":{"type":"Buffer","data":[ext]}}
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x87);
        for (String s : new String[] {"ver", "5", "sender", "a", "id", "1", "action", "x"}) {
            out.write(0xA0 + s.length());
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(
                new byte[] {(byte) 0xA6, 's', 't', 'r', 'e', 'a', 'm', (byte) 0xC3, (byte) 0xA3, 's', 'e', 'q', 0});
        out.writeBytes(new byte[] {(byte) 0xA6, 'p', 'a', 'r', 'a', 'm', 's', (byte) 0x82});
        out.writeBytes(new byte[] {(byte) 0xA4, 't', 'y', 'p', 'e', (byte) 0xA6, 'B', 'u', 'f', 'f', 'e', 'r'});
        out.writeBytes(new byte[] {(byte) 0xA4, 'd', 'a', 't', 'a', (byte) 0x91, (byte) 0xD5, 0x21, 1, 2});
        assertThatThrownBy(() -> msgpack.deserialize(PacketType.REQUEST, out.toByteArray()))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessage("REQUEST packet: field 'params' is a Buffer with a non-byte value: pojo");
    }

    @Test
    void jsonBufferByteBeyondIntIsRefusedNotTruncated() {
        // 4294967297 used to pass the 0-255 check as its low 32 bits, the byte 1.
        byte[] bytes = ("{\"ver\":\"5\",\"sender\":\"a\",\"id\":\"1\",\"action\":\"x\",\"stream\":true,\"seq\":0,"
                        + "\"params\":{\"type\":\"Buffer\",\"data\":[4294967297]}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> json.deserialize(PacketType.REQUEST, bytes))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessage("REQUEST packet: field 'params' is a Buffer with a non-byte value: 4294967297");
    }

    @Test
    void jsonWritesAnInfiniteNumberAsNullAsJsonStringifyDoes() {
        // Found by JsonPacketFuzzTest: 1e400 reads as infinity, which Jackson wrote back as the string
        // "Infinity", a value of another type; Node writes null.
        byte[] bytes = "{\"ver\":\"5\",\"sender\":\"a\",\"id\":\"1\",\"action\":\"x\",\"params\":[1e400,-1e400,1.5]}"
                .getBytes(StandardCharsets.UTF_8);
        Packet packet = json.deserialize(PacketType.REQUEST, bytes);
        String text = new String(json.serialize(packet), StandardCharsets.UTF_8);
        assertThat(text).contains("\"params\":[null,null,1.5]");
    }

    @Test
    void binaryFormatsKeepInfinityAndNaN() {
        for (Serializer serializer : new Serializer[] {msgpack, cbor}) {
            RequestPacket packet = (RequestPacket) json.deserialize(
                    PacketType.REQUEST,
                    "{\"ver\":\"5\",\"sender\":\"a\",\"id\":\"1\",\"action\":\"x\",\"params\":[1e400]}"
                            .getBytes(StandardCharsets.UTF_8));
            RequestPacket back =
                    (RequestPacket) serializer.deserialize(PacketType.REQUEST, serializer.serialize(packet));
            assertThat(back.params().get(0).doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
        }
    }
}
