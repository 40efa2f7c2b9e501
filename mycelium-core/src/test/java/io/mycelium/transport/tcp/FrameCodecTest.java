package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static final int MAX = 1024;

    private final List<Frame> delivered = new ArrayList<>();

    private EmbeddedChannel decoderOnly() {
        return new EmbeddedChannel(new FrameDecoder(MAX, false));
    }

    /** A channel wired like a real connection after its handshake: decoder, encoder, handler. */
    private EmbeddedChannel connection() {
        FrameSink sink = new FrameSink() {
            @Override
            public void onFrame(Channel channel, Frame frame) {
                delivered.add(frame);
            }

            @Override
            public void onOutboundReady(OutboundConnection connection, Channel channel) {}

            @Override
            public void onInboundClosed(Channel channel) {}
        };
        return new EmbeddedChannel(new FrameDecoder(MAX, false), FrameEncoder.INSTANCE, new FrameHandler(sink, null));
    }

    private static ByteBuf frame(int checksumDelta, int length, int type, byte[] payload) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(Frame.checksum(length, type) + checksumDelta);
        b.writeInt(length);
        b.writeByte(type);
        b.writeBytes(payload);
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encodesTheMoleculerHeader() {
        EmbeddedChannel ch = new EmbeddedChannel(FrameEncoder.INSTANCE);
        ch.writeOutbound(new Frame(2, bytes("0123456789")));
        ByteBuf frame = ch.readOutbound(); // header and payload in one buffer
        byte[] h = new byte[6];
        frame.readBytes(h);
        // length 16 = 0x00000010, type 2: checksum 0x00^0x00^0x00^0x10^0x02
        assertThat(h).containsExactly(0x12, 0, 0, 0, 16, 2);
        assertThat(frame.toString(StandardCharsets.UTF_8)).isEqualTo("0123456789");
        frame.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void decodesWhatTheEncoderWrites() {
        EmbeddedChannel out = new EmbeddedChannel(FrameEncoder.INSTANCE);
        out.writeOutbound(new Frame(3, bytes("{\"a\":1}")), new Frame(7, new byte[0]));
        EmbeddedChannel in = decoderOnly();
        ByteBuf b;
        while ((b = out.readOutbound()) != null) {
            in.writeInbound(b);
        }
        Frame first = in.readInbound();
        Frame second = in.readInbound();
        assertThat(first.typeId()).isEqualTo(3);
        assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(second.typeId()).isEqualTo(7);
        assertThat(second.payload()).isEmpty();
        assertThat(in.finish()).isFalse();
    }

    @Test
    void reassemblesFramesSplitAnywhereAndSeveralInOneRead() {
        ByteBuf all = Unpooled.buffer();
        for (int i = 1; i <= 8; i++) {
            all.writeBytes(frame(0, 6 + i, i, bytes("x".repeat(i))));
        }
        EmbeddedChannel ch = decoderOnly();
        while (all.isReadable()) {
            ch.writeInbound(all.readRetainedSlice(Math.min(5, all.readableBytes())));
        }
        all.release();
        for (int i = 1; i <= 8; i++) {
            Frame f = ch.readInbound();
            assertThat(f.typeId()).isEqualTo(i);
            assertThat(f.payload()).hasSize(i);
        }
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void acceptsAFrameOfExactlyMaxPacketSize() {
        EmbeddedChannel ch = decoderOnly();
        ch.writeInbound(frame(0, MAX, 1, new byte[MAX - 6]));
        Frame f = ch.readInbound();
        assertThat(f.payload()).hasSize(MAX - 6);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void badChecksumIsRejected() {
        EmbeddedChannel ch = decoderOnly();
        assertThatThrownBy(() -> ch.writeInbound(frame(1, 10, 2, bytes("abcd"))))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("checksum");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void lengthBelowTheHeaderIsRejected() {
        EmbeddedChannel ch = decoderOnly();
        assertThatThrownBy(() -> ch.writeInbound(frame(0, 5, 2, new byte[0])))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("below the header");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void negativeLengthIsRejected() {
        EmbeddedChannel ch = decoderOnly();
        assertThatThrownBy(() -> ch.writeInbound(frame(0, -1, 2, new byte[0])))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("below the header");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void lengthAboveMaxPacketSizeIsRejectedBeforeThePayloadArrives() {
        EmbeddedChannel ch = decoderOnly();
        assertThatThrownBy(() -> ch.writeInbound(frame(0, MAX + 1, 2, new byte[0])))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("above maxPacketSize");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void unknownTypeIdsAreRejected() {
        for (int type : new int[] {0, 9, 42, Frame.AUTH_HELLO, Frame.AUTH_PROOF, 255}) {
            EmbeddedChannel ch = decoderOnly();
            assertThatThrownBy(() -> ch.writeInbound(frame(0, 8, type, bytes("{}"))))
                    .as("type %s", type)
                    .isInstanceOf(FrameException.class)
                    .hasMessageContaining("unknown frame type id " + type);
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void handshakeTypesAreAcceptedOnlyWhileTheHandshakeRuns() {
        FrameDecoder decoder = new FrameDecoder(MAX, true);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(frame(0, 7, Frame.AUTH_HELLO, new byte[1]));
        assertThat(((Frame) ch.readInbound()).typeId()).isEqualTo(Frame.AUTH_HELLO);
        decoder.endHandshake();
        assertThatThrownBy(() -> ch.writeInbound(frame(0, 7, Frame.AUTH_PROOF, new byte[1])))
                .isInstanceOf(FrameException.class);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void bytesAfterAnErrorAreDiscarded() {
        EmbeddedChannel ch = decoderOnly();
        ByteBuf bad = frame(1, 10, 2, bytes("abcd"));
        assertThatThrownBy(() -> ch.writeInbound(bad)).isInstanceOf(DecoderException.class);
        ch.writeInbound(frame(0, 10, 2, bytes("abcd")));
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void everyBadFrameClosesTheConnectionWithoutDeliveringAnything() {
        List<ByteBuf> bad = List.of(
                frame(7, 10, 2, bytes("abcd")),
                frame(0, 3, 2, new byte[0]),
                frame(0, Integer.MIN_VALUE, 2, new byte[0]),
                frame(0, MAX + 1, 2, new byte[0]),
                frame(0, 10, 99, bytes("abcd")));
        for (ByteBuf b : bad) {
            EmbeddedChannel ch = connection();
            ch.writeInbound(b);
            assertThat(ch.isOpen()).isFalse();
            ch.finishAndReleaseAll();
        }
        assertThat(delivered).isEmpty();
    }

    @Test
    void goodFramesBeforeABadOneAreDelivered() {
        EmbeddedChannel ch = connection();
        ByteBuf b = Unpooled.buffer();
        b.writeBytes(frame(0, 8, 1, bytes("ok")));
        b.writeBytes(frame(3, 8, 1, bytes("no")));
        ch.writeInbound(b);
        assertThat(delivered)
                .extracting(f -> new String(f.payload(), StandardCharsets.UTF_8))
                .containsExactly("ok");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }
}
