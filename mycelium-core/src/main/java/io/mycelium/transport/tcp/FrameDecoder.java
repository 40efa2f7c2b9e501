package io.mycelium.transport.tcp;

import io.mycelium.protocol.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into {@link Frame}s, checking the header before the payload arrives: a wrong
 * checksum, a length below the header size or above {@code maxPacketSize}, or a type id that is not
 * accepted raises a {@link FrameException}, after which every further byte is discarded (the handler
 * closes the connection).
 */
final class FrameDecoder extends ByteToMessageDecoder {

    /** Told after every read how many bytes the decoder holds (a partial frame) and how many frames it completed. */
    interface Meter {
        Meter NONE = (buffered, frames) -> {};

        /** On the channel's event loop. {@code bufferedBytes} is the capacity held, 0 when no byte waits. */
        void afterRead(int bufferedBytes, int framesDone);
    }

    /** Cumulation buffers above this size are not pooled. */
    private static final int POOLED_LIMIT = 64 * 1024;

    private final int maxPacketSize;
    private final Meter meter;
    private volatile boolean authFrames;
    private boolean failed;
    private int framesDone;

    FrameDecoder(int maxPacketSize, boolean authFrames) {
        this(maxPacketSize, authFrames, Meter.NONE);
    }

    FrameDecoder(int maxPacketSize, boolean authFrames, Meter meter) {
        this.maxPacketSize = maxPacketSize;
        this.authFrames = authFrames;
        this.meter = meter;
        setCumulator(this::cumulate);
    }

    /**
     * Netty's merge cumulator, except how the buffer grows: to exactly the frame the header announces
     * (already checked against {@code maxPacketSize} by {@link #decode}), instead of doubling through
     * 64 KiB, 128 KiB, ... copies. A large frame costs one buffer of its size, and the memory a half-received
     * frame holds is what its header announced, which is what the partial-frame budget counts.
     */
    private ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (cumulation == in) {
            in.release();
            return cumulation;
        }
        if (!cumulation.isReadable() && in.isContiguous()) {
            cumulation.release();
            return in;
        }
        try {
            int required = in.readableBytes();
            if (required > cumulation.writableBytes() || cumulation.refCnt() > 1 || cumulation.isReadOnly()) {
                int total = cumulation.readableBytes() + required;
                int target = total;
                if (cumulation.readableBytes() >= Frame.HEADER_SIZE) {
                    int length = cumulation.getInt(cumulation.readerIndex() + 1);
                    if (length > total && length <= maxPacketSize) {
                        target = length;
                    }
                }
                // a large frame's buffer is allocated on its own, not carved from the pool's 4 MiB chunks:
                // released, it goes back to the system at once instead of pinning a partly used chunk
                ByteBuf grown = target > POOLED_LIMIT
                        ? UnpooledByteBufAllocator.DEFAULT.directBuffer(target)
                        : alloc.buffer(target);
                grown.writeBytes(cumulation).writeBytes(in);
                cumulation.release();
                return grown;
            }
            cumulation.writeBytes(in);
            return cumulation;
        } finally {
            in.release();
        }
    }

    /**
     * Frees the partial frame now, on the channel's event loop, rather than when the closing channel
     * gets to it: the memory of a connection closed for the byte budget must be back before others read.
     * The decoder leaves the pipeline; the caller closes the channel.
     */
    void drop(ChannelHandlerContext ctx) {
        failed = true;
        ByteBuf held = internalBuffer();
        held.skipBytes(held.readableBytes());
        if (ctx.pipeline().context(this) != null) {
            ctx.pipeline().remove(this); // an unreadable cumulation is released, not passed on
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        framesDone = 0;
        try {
            super.channelRead(ctx, msg);
        } finally {
            // the memory held, not the bytes: a half-filled cumulation buffer costs its whole capacity
            ByteBuf held = internalBuffer();
            meter.afterRead(held.isReadable() ? held.capacity() : 0, framesDone);
        }
    }

    /** Called by the handshake once it is over: handshake frames are no longer valid. */
    void endHandshake() {
        authFrames = false;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Frame.HEADER_SIZE) {
            return;
        }
        int start = in.readerIndex();
        int length = in.getInt(start + 1);
        int typeId = in.getUnsignedByte(start + 5);
        byte expected = Frame.checksum(length, typeId);
        byte actual = in.getByte(start);
        if (expected != actual) {
            throw fail("bad frame checksum " + (actual & 0xFF) + ", expected " + (expected & 0xFF), in);
        }
        if (length < Frame.HEADER_SIZE) {
            throw fail("frame length " + length + " is below the header size", in);
        }
        if (length > maxPacketSize) {
            throw fail("frame length " + length + " is above maxPacketSize " + maxPacketSize, in);
        }
        if (!accepted(typeId)) {
            throw fail("unknown frame type id " + typeId, in);
        }
        if (in.readableBytes() < length) {
            return;
        }
        in.skipBytes(Frame.HEADER_SIZE);
        byte[] payload = new byte[length - Frame.HEADER_SIZE];
        in.readBytes(payload);
        out.add(new Frame(typeId, payload));
        framesDone++;
    }

    private boolean accepted(int typeId) {
        if (typeId == Frame.AUTH_HELLO || typeId == Frame.AUTH_PROOF) {
            return authFrames;
        }
        return PacketType.ofTcpId(typeId).isPresent();
    }

    private FrameException fail(String reason, ByteBuf in) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return new FrameException(reason);
    }
}
