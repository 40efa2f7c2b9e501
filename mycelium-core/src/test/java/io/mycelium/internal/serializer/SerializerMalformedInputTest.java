package io.mycelium.internal.serializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.InvalidPacketException;
import io.mycelium.protocol.PacketType;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.spi.Serializer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SerializerMalformedInputTest {

    private final Serializer json = SerializerRoundTripTest.serializer("json");

    private static byte[] utf8(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    /** The same JSON text re-encoded in the given format, so every format sees the same bad packets. */
    private static byte[] encode(String format, String jsonText) throws Exception {
        WireFormat wire = WireFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        return wire.mapper().writeValueAsBytes(new ObjectMapper().readTree(utf8(jsonText)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "msgpack", "cbor"})
    void rejectsGarbageBytesOfEveryShape(String name) {
        Serializer serializer = SerializerRoundTripTest.serializer(name);
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            for (PacketType type : PacketType.values()) {
                try {
                    serializer.deserialize(type, bytes);
                } catch (InvalidPacketException expected) {
                    // the only exception allowed to escape
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "msgpack", "cbor"})
    void rejectsAWrongVersion(String name) throws Exception {
        Serializer serializer = SerializerRoundTripTest.serializer(name);
        assertThatThrownBy(() -> serializer.deserialize(PacketType.DISCOVER, encode(name, "{'ver':'4','sender':'a'}")))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessage("DISCOVER packet: protocol version \"4\" is not \"5\"");
        assertThatThrownBy(() -> serializer.deserialize(PacketType.DISCOVER, encode(name, "{'ver':5,'sender':'a'}")))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessage("DISCOVER packet: protocol version 5 is not \"5\"");
        assertThatThrownBy(() -> serializer.deserialize(PacketType.DISCOVER, encode(name, "{'sender':'a'}")))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessage("DISCOVER packet: missing protocol version 'ver'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "msgpack", "cbor"})
    void rejectsAMissingSender(String name) throws Exception {
        Serializer serializer = SerializerRoundTripTest.serializer(name);
        assertThatThrownBy(() -> serializer.deserialize(PacketType.HEARTBEAT, encode(name, "{'ver':'5','cpu':3}")))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessage("HEARTBEAT packet: missing required field 'sender'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "msgpack", "cbor"})
    void rejectsFieldsOfTheWrongType(String name) throws Exception {
        Serializer serializer = SerializerRoundTripTest.serializer(name);
        assertThatThrownBy(() -> serializer.deserialize(
                        PacketType.REQUEST, encode(name, "{'ver':'5','sender':'a','id':'1','action':7}")))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessage("REQUEST packet: field 'action' must be a string, not number 7");
        assertThatThrownBy(() -> serializer.deserialize(
                        PacketType.REQUEST, encode(name, "{'ver':'5','sender':'a','id':'1','action':'x','meta':'m'}")))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessageContaining("'meta' must be an object");
        assertThatThrownBy(() -> serializer.deserialize(
                        PacketType.RESPONSE, encode(name, "{'ver':'5','sender':'a','id':'1','success':'yes'}")))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessageContaining("'success' must be a boolean");
        assertThatThrownBy(() -> serializer.deserialize(
                        PacketType.PING, encode(name, "{'ver':'5','sender':'a','id':'1','time':'now'}")))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessageContaining("'time' must be a number");
        assertThatThrownBy(() -> serializer.deserialize(
                        PacketType.EVENT, encode(name, "{'ver':'5','sender':'a','event':'e','groups':[1]}")))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessageContaining("'groups' must be an array of strings");
        assertThatThrownBy(() ->
                        serializer.deserialize(PacketType.INFO, encode(name, "{'ver':'5','sender':'a','services':{}}")))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessageContaining("'services' must be an array");
        assertThatThrownBy(() -> serializer.deserialize(PacketType.DISCOVER, encode(name, "[1,2]")))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessageContaining("not a " + name + " object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "msgpack", "cbor"})
    void rejectsHugeNesting(String name) {
        Serializer serializer = SerializerRoundTripTest.serializer(name);
        int depth = 100_000;
        byte[] bytes;
        if (name.equals("json")) {
            bytes = utf8("{'ver':'5','sender':'a','event':'e','data':" + "[".repeat(depth) + "]".repeat(depth) + "}");
        } else {
            bytes = nestedBinary(name, depth);
        }
        assertThatThrownBy(() -> serializer.deserialize(PacketType.EVENT, bytes))
                .isInstanceOf(InvalidPacketException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "msgpack", "cbor"})
    void acceptsNestingUpToTheLimitAndNoDeeper(String name) {
        Serializer serializer = SerializerRoundTripTest.serializer(name);
        // The packet object itself is one level, so data may hold MAX_DEPTH - 1 levels.
        int allowed = WireFormat.MAX_DEPTH - 1;
        byte[] deepest = name.equals("json")
                ? utf8("{'ver':'5','sender':'a','event':'e','data':" + "[".repeat(allowed) + "]".repeat(allowed) + "}")
                : nestedBinary(name, allowed - 1);
        byte[] tooDeep = name.equals("json")
                ? utf8("{'ver':'5','sender':'a','event':'e','data':" + "[".repeat(allowed + 1) + "]".repeat(allowed + 1)
                        + "}")
                : nestedBinary(name, allowed);

        serializer.deserialize(PacketType.EVENT, deepest);
        assertThatThrownBy(() -> serializer.deserialize(PacketType.EVENT, tooDeep))
                .isInstanceOf(InvalidPacketException.class)
                .hasMessageContaining(String.valueOf(WireFormat.MAX_DEPTH));
    }

    /** A map {ver, sender, event, data: [[[...]]]} in MsgPack or CBOR, built by hand: depth + 1 arrays. */
    private static byte[] nestedBinary(String name, int depth) {
        byte[] head = name.equals("msgpack")
                ? new byte[] {
                    (byte) 0x84,
                    (byte) 0xA3,
                    'v',
                    'e',
                    'r',
                    (byte) 0xA1,
                    '5',
                    (byte) 0xA6,
                    's',
                    'e',
                    'n',
                    'd',
                    'e',
                    'r',
                    (byte) 0xA1,
                    'a',
                    (byte) 0xA5,
                    'e',
                    'v',
                    'e',
                    'n',
                    't',
                    (byte) 0xA1,
                    'e',
                    (byte) 0xA4,
                    'd',
                    'a',
                    't',
                    'a'
                }
                : new byte[] {
                    (byte) 0xA4,
                    0x63,
                    'v',
                    'e',
                    'r',
                    0x61,
                    '5',
                    0x66,
                    's',
                    'e',
                    'n',
                    'd',
                    'e',
                    'r',
                    0x61,
                    'a',
                    0x65,
                    'e',
                    'v',
                    'e',
                    'n',
                    't',
                    0x61,
                    'e',
                    0x64,
                    'd',
                    'a',
                    't',
                    'a'
                };
        byte oneElementArray = name.equals("msgpack") ? (byte) 0x91 : (byte) 0x81;
        byte emptyArray = name.equals("msgpack") ? (byte) 0x90 : (byte) 0x80;
        byte[] bytes = new byte[head.length + depth + 1];
        System.arraycopy(head, 0, bytes, 0, head.length);
        java.util.Arrays.fill(bytes, head.length, head.length + depth, oneElementArray);
        bytes[bytes.length - 1] = emptyArray;
        return bytes;
    }

    @Test
    void rejectsMsgPackLengthsThatRunPastThePacket() {
        Serializer msgpack = SerializerRoundTripTest.serializer("msgpack");
        byte[][] forged = {
            hex("81a46461746" + "1c6ffffffff00"), // bin32 of 4 GiB
            hex("81a46461746" + "1dbffffffff61"), // str32 of 4 GiB
            hex("81a46461746" + "1c9ffffffff0100"), // ext32 of 4 GiB
            hex("81a46461746" + "1ddffffffff"), // array32 of 4 G elements
            hex("81a46461746" + "1dfffffffff"), // map32 of 4 G entries
            hex("81a464617461c1"), // reserved type byte
            hex("82a464617461"), // map announces two entries, has half of one
        };
        for (byte[] bytes : forged) {
            assertThatThrownBy(() -> msgpack.deserialize(PacketType.EVENT, bytes))
                    .isInstanceOf(InvalidPacketException.class)
                    .hasMessageContaining("not valid msgpack");
        }
    }

    @Test
    void rejectsCborLengthsThatRunPastThePacket() {
        Serializer cbor = SerializerRoundTripTest.serializer("cbor");
        byte[][] forged = {
            hex("a16464617461" + "5affffffff00"), // byte string of 4 GiB
            hex("a16464617461" + "7affffffff61"), // text string of 4 GiB
            hex("a16464617461" + "9affffffff"), // array of 4 G elements
            hex("a16464617461" + "baffffffff"), // map of 4 G entries
            hex("a16464617461" + "5bffffffffffffffff"), // byte string of 2^64 - 1
        };
        for (byte[] bytes : forged) {
            assertThatThrownBy(() -> cbor.deserialize(PacketType.EVENT, bytes))
                    .isInstanceOf(InvalidPacketException.class)
                    .hasMessageContaining("not valid cbor");
        }
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    @Test
    void rejectsTrailingBytes() {
        assertThatThrownBy(() -> json.deserialize(PacketType.DISCOVER, utf8("{'ver':'5','sender':'a'}{}")))
                .isInstanceOf(InvalidPacketException.class);
    }

    @Test
    void rejectsAnEmptyPayload() {
        assertThatThrownBy(() -> json.deserialize(PacketType.DISCOVER, new byte[0]))
                .isInstanceOf(InvalidPacketException.class);
    }

    @Test
    void ignoresUnknownFields() {
        json.deserialize(PacketType.HEARTBEAT, utf8("{'ver':'5','sender':'a','cpu':3,'future':{'x':[1]}}"));
    }

    @Test
    void aRepeatedFieldCountsOnceWithItsLastValueAsInATree() {
        RequestPacket request = (RequestPacket) json.deserialize(
                PacketType.REQUEST,
                utf8("{'ver':'5','sender':'a','id':'1','action':'x','timeout':5,'action':'y','params':{}}"));
        assertThat(request.action()).isEqualTo("y");

        InfoPacket info = (InfoPacket) json.deserialize(
                PacketType.INFO,
                utf8("{'ver':'5','sender':'a','services':[],'extra':1,'hostname':'h','extra':2,'hostname':'k'}"));
        assertThat(info.hostname()).isEqualTo("k");
        assertThat(info.extras().get("extra").intValue()).isEqualTo(2);
        assertThat(info.extras().size()).isEqualTo(1);
    }

    @Test
    void aPacketWithAHundredThousandUnknownFieldsKeepsEachOnce() {
        // kept in a hash map: a scan per field, as before, made this a quadratic amount of work for a peer to ask
        StringBuilder text = new StringBuilder("{'ver':'5','sender':'a','services':[]");
        for (int i = 0; i < 100_000; i++) {
            text.append(",'x").append(i).append("':").append(i);
        }
        text.append(",'x7':-7}");
        InfoPacket info = (InfoPacket) json.deserialize(PacketType.INFO, utf8(text.toString()));
        assertThat(info.extras().size()).isEqualTo(100_000);
        assertThat(info.extras().get("x7").intValue()).isEqualTo(-7);
        assertThat(info.extras().properties().iterator().next().getKey()).isEqualTo("x0");
    }
}
