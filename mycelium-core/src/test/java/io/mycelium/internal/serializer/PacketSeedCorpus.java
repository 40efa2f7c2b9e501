package io.mycelium.internal.serializer;

import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Serializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the committed seed corpus of the packet fuzz tests (docs/fuzzing.md): every sample packet encoded
 * by the real serializer, and a few broken ones a hostile peer would try. Run it from mycelium-core after a
 * test compile: {@code java -cp target/test-classes:target/classes:$(deps)
 * io.mycelium.internal.serializer.PacketSeedCorpus src/test/resources}.
 */
final class PacketSeedCorpus {

    private PacketSeedCorpus() {}

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args[0]);
        for (String format : new String[] {"json", "msgpack", "cbor"}) {
            String test =
                    switch (format) {
                        case "json" -> "JsonPacketFuzzTest";
                        case "msgpack" -> "MsgPackPacketFuzzTest";
                        default -> "CborPacketFuzzTest";
                    };
            Path dir = resources.resolve("io/mycelium/internal/serializer/" + test + "Inputs/decodesOrRefuses");
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> seed : seeds(format).entrySet()) {
                Files.write(dir.resolve(seed.getKey()), seed.getValue());
            }
        }
    }

    static Map<String, byte[]> seeds(String format) throws IOException {
        Serializer serializer = SerializerRoundTripTest.serializer(format);
        WireFormat wire = WireFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        int n = 0;
        for (Packet packet : Packets.all()) {
            byte[] bytes = serializer.serialize(packet);
            seeds.put("valid-" + (n++) + "-" + packet.type(), PacketFuzzing.input(packet.type(), bytes));
        }
        byte[] request = serializer.serialize(Packets.all().get(3));
        seeds.put(
                "truncated-REQUEST",
                PacketFuzzing.input(PacketType.REQUEST, Arrays.copyOf(request, request.length / 2)));
        seeds.put("wrong-version", encoded(wire, PacketType.DISCOVER, "{'ver':'4','sender':'a'}"));
        seeds.put("no-sender", encoded(wire, PacketType.HEARTBEAT, "{'ver':'5','cpu':3}"));
        seeds.put(
                "wrong-types",
                encoded(wire, PacketType.REQUEST, "{'ver':'5','sender':'a','id':1,'action':7,'meta':'m'}"));
        seeds.put(
                "buffer-chunk",
                encoded(
                        wire,
                        PacketType.REQUEST,
                        "{'ver':'5','sender':'a','id':'1','action':'x','stream':true,'seq':0,'params':{'type':'Buffer','data':[1,256,-1]}}"));
        seeds.put("not-an-object", encoded(wire, PacketType.PING, "[1,2,3]"));
        seeds.put("deep-nesting", PacketFuzzing.input(PacketType.EVENT, deep(wire, 300)));
        switch (format) {
            case "msgpack" -> {
                // bin32 claiming 4 GiB, and a timestamp extension of an odd size
                seeds.put("huge-bin32", PacketFuzzing.input(PacketType.RESPONSE, new byte[] {
                    (byte) 0x81, (byte) 0xA1, 'd', (byte) 0xC6, -1, -1, -1, -1, 1
                }));
                seeds.put("bad-timestamp", PacketFuzzing.input(PacketType.EVENT, new byte[] {
                    (byte) 0x81, (byte) 0xA1, 'd', (byte) 0xD5, -1, 0, 0
                }));
            }
            case "cbor" -> {
                // a byte string claiming 4 GiB, and an indefinite-length map never closed
                seeds.put("huge-bytes", PacketFuzzing.input(PacketType.RESPONSE, new byte[] {
                    (byte) 0xA1, 0x61, 'd', 0x5A, -1, -1, -1, -1, 1
                }));
                seeds.put("open-map", PacketFuzzing.input(PacketType.PING, new byte[] {(byte) 0xBF, 0x61, 'a', 1}));
            }
            default ->
                seeds.put(
                        "trailing",
                        PacketFuzzing.input(
                                PacketType.DISCOVER,
                                "{\"ver\":\"5\",\"sender\":\"a\"} {}".getBytes(StandardCharsets.UTF_8)));
        }
        return seeds;
    }

    private static byte[] encoded(WireFormat wire, PacketType type, String jsonText) throws IOException {
        return PacketFuzzing.input(type, wire.mapper().writeValueAsBytes(Packets.json(jsonText)));
    }

    private static byte[] deep(WireFormat wire, int depth) throws IOException {
        String text =
                "{'ver':'5','sender':'a','id':'e','event':'x','data':" + "[".repeat(depth) + "]".repeat(depth) + "}";
        if (wire == WireFormat.JSON) {
            return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
        }
        // Jackson refuses to write what it would refuse to read, so the binary forms are built by hand:
        // a one-element array header per level around an empty array.
        byte[] bytes = new byte[depth + 1];
        Arrays.fill(bytes, (byte) (wire == WireFormat.MSGPACK ? 0x91 : 0x81));
        bytes[depth] = (byte) (wire == WireFormat.MSGPACK ? 0x90 : 0x80);
        return bytes;
    }
}
