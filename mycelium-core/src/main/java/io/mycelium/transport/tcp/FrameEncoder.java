package io.mycelium.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes a {@link Frame} as its 6-byte header followed by the payload, both into one pooled (direct)
 * buffer of the frame's exact size. One buffer per frame rather than a header plus a wrapped payload:
 * the socket needs direct memory anyway (a wrapped heap array is copied into some before the write), and
 * one message per frame spares the outbound buffer an entry and the encoder a combined promise.
 */
@ChannelHandler.Sharable
final class FrameEncoder extends MessageToByteEncoder<Frame> {

    static final FrameEncoder INSTANCE = new FrameEncoder();

    private FrameEncoder() {
        super(Frame.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Frame frame, boolean preferDirect) {
        int length = frame.frameLength();
        return preferDirect ? ctx.alloc().ioBuffer(length, length) : ctx.alloc().heapBuffer(length, length);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        int length = frame.frameLength();
        out.writeByte(Frame.checksum(length, frame.typeId()));
        out.writeInt(length);
        out.writeByte(frame.typeId());
        out.writeBytes(frame.payload());
    }
}
