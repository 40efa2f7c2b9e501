package io.mycelium.internal.serializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mycelium.protocol.EventPacket;
import io.mycelium.protocol.InvalidPacketException;
import io.mycelium.protocol.PacketType;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MsgPackTimestampsTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void decodesADateFromMsgpack5AsTheIsoTextJsonWouldCarry() {
        // msgpack5: encode({ver:'5', sender:'a', event:'e', data:{d:new Date(1700000000123)}})
        byte[] bytes = hex("84a3766572a135a673656e646572a161a56576656e74a165a46461746181a164d7ff1d5353006553f100");

        EventPacket event =
                (EventPacket) SerializerRoundTripTest.serializer("msgpack").deserialize(PacketType.EVENT, bytes);

        assertThat(event.data().path("d").textValue()).isEqualTo("2023-11-14T22:13:20.123Z");
    }

    @Test
    void decodesAllThreeTimestampLayouts() throws Exception {
        assertThat(MsgPackTimestamps.toIsoText(hex("6553f100")).textValue()).isEqualTo("2023-11-14T22:13:20.000Z");
        assertThat(MsgPackTimestamps.toIsoText(hex("1d5353006553f100")).textValue())
                .isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(MsgPackTimestamps.toIsoText(hex("075bca00" + "0000000000000000"))
                        .textValue())
                .isEqualTo("1970-01-01T00:00:00.123Z");
    }

    @Test
    void rejectsATimestampOfAnotherSize() {
        byte[] bytes = hex("84a3766572a135a673656e646572a161a56576656e74a165a464617461c703ff010203");

        assertThatThrownBy(() -> SerializerRoundTripTest.serializer("msgpack").deserialize(PacketType.EVENT, bytes))
                .isInstanceOf(InvalidPacketException.class);
    }
}
