package io.mycelium.internal.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.protocol.Packet;
import io.mycelium.spi.Serializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Writes what Mycelium encodes, for {@code src/test/node/verify-java-encoded.js} to decode with Moleculer's
 * own serializers: every golden re-encoded, and one Java-built packet of each type, per serializer.
 */
class SerializerNodeExportTest {

    static final Path OUT = Path.of("target", "java-encoded");

    @Test
    void writesEncodedPacketsForTheNodeCheck() throws IOException {
        for (String name : Golden.SERIALIZERS) {
            Serializer serializer = SerializerRoundTripTest.serializer(name);
            Path dir = Files.createDirectories(OUT.resolve(name));
            for (String goldenName : Golden.NAMES) {
                Golden golden = Golden.load(name, goldenName);
                Packet packet = serializer.deserialize(golden.type(), golden.bytes());
                Files.write(dir.resolve(goldenName + ".bin"), serializer.serialize(packet));
            }
            List<Packet> samples = Packets.all();
            for (int i = 0; i < samples.size(); i++) {
                Packet packet = samples.get(i);
                Files.write(
                        dir.resolve("java-" + i + "-" + packet.type().command() + ".bin"),
                        serializer.serialize(packet));
            }
            assertThat(dir).isNotEmptyDirectory();
        }
    }
}
