package io.mycelium.internal.serializer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mycelium.spi.Serializer;

/** Coverage-guided fuzzing of the {@code msgpack} packet reader; the property is {@link PacketFuzzing}'s. */
class MsgPackPacketFuzzTest {

    private static final Serializer SERIALIZER = SerializerRoundTripTest.serializer("msgpack");

    @FuzzTest(maxDuration = "5s")
    void decodesOrRefuses(byte[] input) {
        PacketFuzzing.decodesOrRefuses(SERIALIZER, input);
    }
}
