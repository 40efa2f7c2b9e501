package io.mycelium.transport.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
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
 *
 * <p>With keys, the node id the handshake proved must also be free (see {@link NodeClaims}): when another
 * running node holds it over open connections, those are probed (a GOSSIP_REQ, which a live node answers
 * and a restarted host resets) and the new connection waits, reading nothing, for up to
 * {@link Keys#contestMillis}. It is admitted as soon as the holder's connections are all closed (a
 * restart), or at the end if the holder stayed silent for longer than {@link Keys#silenceNanos}; else it is
 * refused, so a key holder cannot take over a live node's id.
 */
final class ConnectionGate extends ChannelInboundHandlerAdapter {

    /** User event fired once the connection may carry packets. */
    static final Object READY = new Object() {
        @Override
        public String toString() {
            return "READY";
        }
    };

    /** The node the key handshake (or, with certificate node ids, the TLS certificate) proved on this channel. */
    static final AttributeKey<String> AUTHENTICATED = AttributeKey.valueOf("mycelium.tcp.authenticated");

    /** The running node a key handshake proved on this channel (told of every frame, for liveness). */
    static final AttributeKey<NodeClaims.Holder> HOLDER = AttributeKey.valueOf("mycelium.tcp.holder");

    /** Frames a contested connection may send before its claim is settled. */
    private static final int MAX_HELD_FRAMES = 64;

    /**
     * What the key handshake needs: the keys by id, this node's instance key, the claims of the transporter,
     * how to probe a connection for liveness, how long a contested claim waits, and for how long a holder must
     * have been silent to be replaced while its connections still look open.
     */
    record Keys(
            Map<String, byte[]> keys,
            InstanceKey instance,
            NodeClaims claims,
            java.util.function.Consumer<io.netty.channel.Channel> probe,
            long contestMillis,
            long silenceNanos) {}

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final boolean tls;
    private final boolean certificateIds;
    private @Nullable String certificateId;
    private final @Nullable Keys keys;
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
    private boolean contested;
    private final java.util.ArrayDeque<Frame> held = new java.util.ArrayDeque<>();

    ConnectionGate(
            boolean tls,
            boolean certificateIds,
            @Nullable Keys keys,
            String localId,
            boolean dialer,
            @Nullable String expectedPeer,
            long timeoutMillis,
            FrameDecoder decoder,
            Runnable onRefused) {
        this.tls = tls;
        this.certificateIds = certificateIds;
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
                if (certificateIds) {
                    certificateId = certificateNodeId(ctx);
                    if (certificateId == null) {
                        return;
                    }
                }
                startKeys(ctx);
            } else {
                refuse(ctx, "TLS handshake failed: " + ssl.cause());
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * The node id the peer's certificate names (its subject CN), checked against the node a dialer meant to
     * reach; null after refusing the connection.
     */
    private @Nullable String certificateNodeId(ChannelHandlerContext ctx) {
        String id;
        try {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            java.security.cert.Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            id = chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate x509
                    ? commonName(x509.getSubjectX500Principal().getName())
                    : null;
        } catch (javax.net.ssl.SSLPeerUnverifiedException | RuntimeException e) {
            id = null;
        }
        if (id == null || id.isEmpty() || id.equals(localId)) {
            refuse(ctx, "the peer's certificate names no node id (subject CN) other than this node's");
            return null;
        }
        if (expectedPeer != null && !expectedPeer.equals(id)) {
            refuse(ctx, "dialled node '" + expectedPeer + "' but the certificate is of '" + id + "'");
            return null;
        }
        return id;
    }

    private static @Nullable String commonName(String distinguishedName) {
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(distinguishedName).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
        return null;
    }

    private void startKeys(ChannelHandlerContext ctx) {
        Keys k = keys;
        if (k == null || k.keys().isEmpty()) {
            if (certificateId != null) {
                ctx.channel().attr(AUTHENTICATED).set(certificateId);
            }
            open(ctx);
            return;
        }
        KeyHandshake hs = new KeyHandshake(k.keys(), k.instance(), localId, dialer, expectedPeer);
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
        if (contested) {
            if (msg instanceof Frame frame && held.size() < MAX_HELD_FRAMES) {
                held.add(frame);
            } else {
                ReferenceCountUtil.release(msg);
                refuse(ctx, "too many packets while its claim to a node id was checked");
            }
            return;
        }
        try {
            KeyHandshake hs = handshake;
            if (!(msg instanceof Frame frame) || hs == null) {
                refuse(ctx, "packet received before the connection was trusted");
                return;
            }
            byte[] proof;
            if (frame.typeId() == Frame.AUTH_HELLO) {
                proof = hs.onHello(frame.payload());
            } else if (frame.typeId() == Frame.AUTH_PROOF) {
                proof = hs.onProof(frame.payload());
            } else {
                refuse(ctx, "packet type " + frame.typeId() + " received before the key handshake passed");
                return;
            }
            if (proof != null) {
                ctx.writeAndFlush(new Frame(Frame.AUTH_PROOF, proof));
            }
            if (hs.done()) {
                String cert = certificateId;
                if (cert != null && !cert.equals(hs.peerId())) {
                    refuse(ctx, "key handshake as '" + hs.peerId() + "' over a certificate of '" + cert + "'");
                    return;
                }
                claim(ctx, hs, false);
            }
        } catch (KeyHandshake.Refused e) {
            refuse(ctx, e.getMessage());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Admits the connection under the node id it proved when that id is free or held by the same running
     * node; else probes the holder once and waits ({@code last} is the end of that wait).
     */
    private void claim(ChannelHandlerContext ctx, KeyHandshake hs, boolean last) {
        Keys k = java.util.Objects.requireNonNull(keys);
        String id = java.util.Objects.requireNonNull(hs.peerId());
        byte[] instance = java.util.Objects.requireNonNull(hs.peerInstance());
        if (done || refused || !ctx.channel().isActive()) {
            return;
        }
        switch (k.claims().claim(id, instance, ctx.channel())) {
            case NodeClaims.Verdict.Admitted a -> admit(ctx, id, a.holder());
            case NodeClaims.Verdict.Contested c when !contested -> contest(ctx, hs, c, k);
            case NodeClaims.Verdict.Contested c
            when last -> {
                long silentNanos = System.nanoTime() - c.holder().lastFrameNanos;
                if (silentNanos > k.silenceNanos()) {
                    LOG.warn(
                            "Node '{}' was silent for {} ms over {} open connection(s): replacing it by the one"
                                    + " connecting from {} (a restart)",
                            id,
                            silentNanos / 1_000_000,
                            c.channels().size(),
                            ctx.channel().remoteAddress());
                    k.claims().evict(c.holder());
                    c.channels().forEach(io.netty.channel.Channel::close);
                    claim(ctx, hs, true);
                } else {
                    refuse(
                            ctx,
                            "node id '" + id + "' is held by a running node over "
                                    + c.channels().size()
                                    + " open connection(s) (last heard " + silentNanos / 1_000_000
                                    + " ms ago, e.g. " + c.channels().get(0).remoteAddress()
                                    + "); another instance claiming it is refused");
                }
            }
            case NodeClaims.Verdict.Contested c -> {} // still waiting: a holder connection closed, others live
        }
    }

    private void contest(ChannelHandlerContext ctx, KeyHandshake hs, NodeClaims.Verdict.Contested c, Keys k) {
        contested = true;
        ctx.channel().config().setAutoRead(false);
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        LOG.info(
                "Node id '{}' claimed by a new instance from {} while {} connection(s) of another are open:"
                        + " checking whether that one is alive",
                hs.peerId(),
                ctx.channel().remoteAddress(),
                c.channels().size());
        for (io.netty.channel.Channel old : c.channels()) {
            old.closeFuture().addListener(f -> {
                if (!ctx.executor().isShuttingDown()) {
                    ctx.executor().execute(() -> claim(ctx, hs, false));
                }
            });
            k.probe().accept(old);
        }
        timeout = ctx.executor().schedule(() -> claim(ctx, hs, true), k.contestMillis(), TimeUnit.MILLISECONDS);
    }

    private void admit(ChannelHandlerContext ctx, String id, NodeClaims.Holder holder) {
        ctx.channel().attr(AUTHENTICATED).set(id);
        ctx.channel().attr(HOLDER).set(holder);
        if (contested) {
            ctx.channel().config().setAutoRead(true);
        }
        open(ctx);
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
        while (!held.isEmpty()) {
            ctx.fireChannelRead(held.poll());
        }
    }

    private void refuse(ChannelHandlerContext ctx, @Nullable String reason) {
        if (done || refused) {
            return;
        }
        refused = true;
        held.clear();
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
