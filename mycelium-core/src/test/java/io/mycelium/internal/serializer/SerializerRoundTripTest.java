package io.mycelium.internal.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.protocol.Packet;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.SerializerProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SerializerRoundTripTest {

    static Serializer serializer(String name) {
        return ServiceLoader.load(SerializerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow()
                .create();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "msgpack", "cbor"})
    void everyPacketTypeSurvivesARoundTrip(String name) {
        Serializer serializer = serializer(name);
        assertThat(serializer.name()).isEqualTo(name);
        for (Packet packet : Packets.all()) {
            byte[] bytes = serializer.serialize(packet);
            Packet decoded = serializer.deserialize(packet.type(), bytes);
            assertThat(decoded).as("%s in %s", packet.type(), name).isEqualTo(packet);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "msgpack", "cbor"})
    void serializingTwiceGivesTheSameBytes(String name) {
        Serializer serializer = serializer(name);
        for (Packet packet : Packets.all()) {
            assertThat(serializer.serialize(packet)).isEqualTo(serializer.serialize(packet));
        }
    }
}
