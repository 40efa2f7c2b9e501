package io.mycelium.transport.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a new connection closed to packets until it is trusted: the TLS handshake (when TLS is on) and
 * then the key handshake (when keys are configured) must pass within the handshake timeout. Then it
 * fires {@link #READY}, steps out of the pipeline and lets frames through. Any other frame before that,
 * or a failed handshake, closes the connection with a logged reason.
 */
final class ConnectionGate extends ChannelInboundHandlerAdapter {

    /** User event fired once the connection may carry packets. */
    static final Object READY = new Object() {
        @Override
        public String toString() {
            return "READY";
        }
    };

    /** The node a key handshake authenticated on this channel. */
    static final AttributeKey<String> AUTHENTICATED = AttributeKey.valueOf("mycelium.tcp.authenticated");

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final boolean tls;
    private final @Nullable Map<String, byte[]> keys;
    private final String localId;
    private final boolean dialer;
    private final @Nullable String expectedPeer;
    private final long timeoutMillis;
    private final FrameDecoder decoder;
    private final Runnable onRefused;

    private @Nullable KeyHandshake handshake;
    private @Nullable ScheduledFuture<?> timeout;
    private boolean done;
    private boolean refused;

    ConnectionGate(
            boolean tls,
            @Nullable Map<String, byte[]> keys,
            String localId,
            boolean dialer,
            @Nullable String expectedPeer,
            long timeoutMillis,
            FrameDecoder decoder,
            Runnable onRefused) {
        this.tls = tls;
        this.keys = keys;
        this.localId = localId;
        this.dialer = dialer;
        this.expectedPeer = expectedPeer;
        this.timeoutMillis = timeoutMillis;
        this.decoder = decoder;
        this.onRefused = onRefused;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        timeout = ctx.executor()
                .schedule(
                        () -> refuse(ctx, "handshake not finished within " + timeoutMillis + " ms"),
                        timeoutMillis,
                        TimeUnit.MILLISECONDS);
        if (!tls) {
            startKeys(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent ssl) {
            if (ssl.isSuccess()) {
                startKeys(ctx);
            } else {
                refuse(ctx, "TLS handshake failed: " + ssl.cause());
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void startKeys(ChannelHandlerContext ctx) {
        Map<String, byte[]> k = keys;
        if (k == null || k.isEmpty()) {
            open(ctx);
            return;
        }
        KeyHandshake hs = new KeyHandshake(k, localId, dialer, expectedPeer);
        handshake = hs;
        ctx.writeAndFlush(new Frame(Frame.AUTH_HELLO, hs.hello()));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (done) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            KeyHandshake hs = handshake;
            if (!(msg instanceof Frame frame) || hs == null) {
                refuse(ctx, "packet received before the connection was trusted");
                return;
            }
            if (frame.typeId() == Frame.AUTH_HELLO) {
                ctx.writeAndFlush(new Frame(Frame.AUTH_PROOF, hs.onHello(frame.payload())));
            } else if (frame.typeId() == Frame.AUTH_PROOF) {
                hs.onProof(frame.payload());
            } else {
                refuse(ctx, "packet type " + frame.typeId() + " received before the key handshake passed");
                return;
            }
            if (hs.done()) {
                ctx.channel().attr(AUTHENTICATED).set(hs.peerId());
                open(ctx);
            }
        } catch (KeyHandshake.Refused e) {
            refuse(ctx, e.getMessage());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void open(ChannelHandlerContext ctx) {
        if (done) {
            return;
        }
        done = true;
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        decoder.endHandshake();
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(READY);
    }

    private void refuse(ChannelHandlerContext ctx, @Nullable String reason) {
        if (done || refused) {
            return;
        }
        refused = true;
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        onRefused.run();
        LOG.warn(
                "Refusing connection {} {}: {}",
                dialer ? "to" : "from",
                ctx.channel().remoteAddress(),
                reason);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!done) {
            refuse(ctx, cause instanceof FrameException ? cause.getMessage() : String.valueOf(cause));
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
