package io.mycelium.internal.serializer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mycelium.spi.Serializer;

/** Coverage-guided fuzzing of the {@code cbor} packet reader; the property is {@link PacketFuzzing}'s. */
class CborPacketFuzzTest {

    private static final Serializer SERIALIZER = SerializerRoundTripTest.serializer("cbor");

    @FuzzTest(maxDuration = "5s")
    void decodesOrRefuses(byte[] input) {
        PacketFuzzing.decodesOrRefuses(SERIALIZER, input);
    }
}
