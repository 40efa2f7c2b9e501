package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mycelium.protocol.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Coverage-guided fuzzing of {@link FrameDecoder} (see docs/fuzzing.md). Input layout: byte 0 holds the
 * options (bit 0: handshake frames accepted; bits 1-7: the size of the reads the stream is cut into, 0 for
 * one read), the rest is the byte stream a peer sends. The decoder must either hand out frames that are
 * exactly the bytes it consumed, every one within the limits, or fail with a {@link FrameException} at the
 * first header that breaks a rule, after which it drops every byte; nothing else may escape.
 */
class FrameDecoderFuzzTest {

    private static final int MAX_PACKET_SIZE = 4096;

    @FuzzTest(maxDuration = "5s")
    void decodesFramesOrFailsWithAFrameException(byte[] input) {
        if (input.length == 0) {
            return;
        }
        boolean authFrames = (input[0] & 1) != 0;
        int readSize = (input[0] & 0xFF) >>> 1;
        byte[] stream = Arrays.copyOfRange(input, 1, input.length);

        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_PACKET_SIZE, authFrames));
        @Nullable FrameException failure = null;
        int offset = 0;
        while (offset < stream.length && failure == null) {
            int n = readSize == 0 ? stream.length : Math.min(readSize, stream.length - offset);
            ByteBuf read = Unpooled.wrappedBuffer(stream, offset, n);
            offset += n;
            try {
                channel.writeInbound(read);
            } catch (FrameException e) {
                failure = e;
            }
        }
        if (failure != null && offset < stream.length) {
            // After a failure every further byte is dropped, silently.
            int handedOut = channel.inboundMessages().size();
            channel.writeInbound(Unpooled.wrappedBuffer(stream, offset, stream.length - offset));
            assertThat(channel.inboundMessages()).hasSize(handedOut);
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        Frame frame;
        while ((frame = channel.readInbound()) != null) {
            assertThat(frame.frameLength()).isBetween(Frame.HEADER_SIZE, MAX_PACKET_SIZE);
            assertThat(accepted(frame.typeId(), authFrames)).isTrue();
            decoded.write(Frame.checksum(frame.frameLength(), frame.typeId()));
            decoded.writeBytes(intBytes(frame.frameLength()));
            decoded.write(frame.typeId());
            decoded.writeBytes(frame.payload());
        }
        channel.finishAndReleaseAll();

        // The frames handed out are the stream's leading bytes, unchanged.
        byte[] consumed = decoded.toByteArray();
        assertThat(Arrays.copyOf(stream, Math.min(consumed.length, stream.length)))
                .isEqualTo(consumed);
        int rest = stream.length - consumed.length;
        if (failure != null) {
            // It failed on the header right after the last good frame, and that header is really bad.
            assertThat(rest).isGreaterThanOrEqualTo(Frame.HEADER_SIZE);
            assertThat(headerIsBad(stream, consumed.length, authFrames))
                    .as("rejected a good header: %s", failure.getMessage())
                    .isTrue();
        } else if (rest >= Frame.HEADER_SIZE) {
            // What is left is a good header waiting for the rest of its frame.
            assertThat(headerIsBad(stream, consumed.length, authFrames)).isFalse();
            assertThat(frameLengthAt(stream, consumed.length)).isGreaterThan(rest);
        }
    }

    private static boolean headerIsBad(byte[] b, int at, boolean authFrames) {
        int length = frameLengthAt(b, at);
        int typeId = b[at + 5] & 0xFF;
        return b[at] != Frame.checksum(length, typeId)
                || length < Frame.HEADER_SIZE
                || length > MAX_PACKET_SIZE
                || !accepted(typeId, authFrames);
    }

    private static int frameLengthAt(byte[] b, int at) {
        return ((b[at + 1] & 0xFF) << 24) | ((b[at + 2] & 0xFF) << 16) | ((b[at + 3] & 0xFF) << 8) | (b[at + 4] & 0xFF);
    }

    private static boolean accepted(int typeId, boolean authFrames) {
        return typeId == Frame.AUTH_HELLO || typeId == Frame.AUTH_PROOF
                ? authFrames
                : PacketType.ofTcpId(typeId).isPresent();
    }

    private static byte[] intBytes(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
