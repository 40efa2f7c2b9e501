package io.mycelium.transport.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last handler of every connection: frames to the transporter, readiness, writability, errors. */
final class FrameHandler extends SimpleChannelInboundHandler<Frame> {

    private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);
    /** Raw sockets can send bad frames as fast as they connect: the log must not follow. */
    private static final LogLimiter CLOSES = new LogLimiter(LOG, 20, 10, java.util.concurrent.TimeUnit.SECONDS);

    private final FrameSink sink;
    private final @Nullable OutboundConnection connection;

    FrameHandler(FrameSink sink, @Nullable OutboundConnection connection) {
        this.sink = sink;
        this.connection = connection;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        sink.onFrame(ctx.channel(), frame);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ConnectionGate.READY) {
            if (connection != null) {
                sink.onOutboundReady(connection, ctx.channel());
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        OutboundConnection c = connection != null
                ? connection
                : ctx.channel().attr(TcpChannels.ADOPTED).get();
        if (c != null && ctx.channel().isWritable()) {
            c.scheduleDrain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection == null) {
            sink.onInboundClosed(ctx.channel());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String peer = connection != null
                ? "to '" + connection.nodeId + "'"
                : "from " + ctx.channel().remoteAddress();
        if (cause instanceof FrameException) {
            CLOSES.warn("Closing the connection {}: {}", peer, String.valueOf(cause.getMessage()));
        } else if (cause instanceof javax.net.ssl.SSLException
                || cause.getCause() instanceof javax.net.ssl.SSLException) {
            CLOSES.warn("Closing the connection {}: {}", peer, cause.getCause() != null ? cause.getCause() : cause);
        } else if (cause instanceof IOException) {
            LOG.debug("Connection {} failed: {}", peer, cause.toString());
        } else {
            LOG.warn("Closing the connection {} after an error", peer, cause);
        }
        ctx.close();
    }
}
