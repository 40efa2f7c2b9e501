package io.mycelium.internal.serializer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mycelium.spi.Serializer;

/** Coverage-guided fuzzing of the {@code json} packet reader; the property is {@link PacketFuzzing}'s. */
class JsonPacketFuzzTest {

    private static final Serializer SERIALIZER = SerializerRoundTripTest.serializer("json");

    @FuzzTest(maxDuration = "5s")
    void decodesOrRefuses(byte[] input) {
        PacketFuzzing.decodesOrRefuses(SERIALIZER, input);
    }
}
