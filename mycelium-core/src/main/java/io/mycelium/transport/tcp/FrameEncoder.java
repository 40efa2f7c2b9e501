package io.mycelium.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** Writes a {@link Frame} as its 6-byte header followed by the payload, without copying the payload. */
@ChannelHandler.Sharable
final class FrameEncoder extends MessageToMessageEncoder<Frame> {

    static final FrameEncoder INSTANCE = new FrameEncoder();

    private FrameEncoder() {}

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        int length = frame.frameLength();
        ByteBuf header = ctx.alloc().buffer(Frame.HEADER_SIZE);
        header.writeByte(Frame.checksum(length, frame.typeId()));
        header.writeInt(length);
        header.writeByte(frame.typeId());
        out.add(header);
        if (frame.payload().length > 0) {
            out.add(Unpooled.wrappedBuffer(frame.payload()));
        }
    }
}
