package io.mycelium.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks an HTTP request before the WebSocket upgrade: a token the gateway knows ({@code ?token=} or
 * {@code Authorization: Bearer}, else 401), the {@code Origin} (else 403), the client ID from the path
 * (else 400) and that the token admits that ID ({@link Credentials}, else 403); passes a valid upgrade on
 * to Netty's WebSocket handshake with the ID on the channel. A request
 * that is not an upgrade never gets here ({@link HttpRouter} answers it). An upgrade on {@value MeshView#FEED_PATH}
 * is the mesh page's feed instead of a client. One instance per channel.
 */
final class HandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final AttributeKey<String> CLIENT_ID = AttributeKey.valueOf("mycelium.gateway.clientId");
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._~:@+=-]{1,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GatewayOptions options;
    private final @Nullable MeshView mesh;

    HandshakeHandler(GatewayOptions options) {
        this(options, null);
    }

    HandshakeHandler(GatewayOptions options, @Nullable MeshView mesh) {
        super(false); // a passed-on request is released by the next handler
        this.options = options;
        this.mesh = mesh;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        try {
            Optional<HttpResponseStatus> refused = check(ctx, req);
            if (refused.isPresent()) {
                respond(ctx, req, refused.get());
                req.release();
                return;
            }
        } catch (RuntimeException e) {
            req.release();
            throw e;
        }
        ctx.fireChannelRead(req);
    }

    private Optional<HttpResponseStatus> check(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            return Optional.of(HttpResponseStatus.BAD_REQUEST);
        }
        if (!isUpgrade(req)) {
            return Optional.of(HttpResponseStatus.NOT_FOUND);
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String presented = Credentials.presented(req, uri);
        if (!options.credentials().admitsAny(presented)) {
            return Optional.of(HttpResponseStatus.UNAUTHORIZED);
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (!options.allowedOrigins().isEmpty()
                && (origin == null || !options.allowedOrigins().contains(origin))) {
            return Optional.of(HttpResponseStatus.FORBIDDEN);
        }
        if (uri.path().equals(MeshView.FEED_PATH)) {
            if (mesh == null || !options.meshPage()) {
                return Optional.of(HttpResponseStatus.NOT_FOUND);
            }
            ctx.pipeline().replace("session", "mesh-feed", new MeshFeedHandler(mesh));
            return Optional.empty();
        }
        String id = clientId(uri.path());
        if (id == null) {
            return Optional.of(HttpResponseStatus.BAD_REQUEST);
        }
        if (!options.credentials().admitsClient(id, presented)) {
            // a known token, but not this ID's: the ID belongs to a client with a token of its own
            return Optional.of(HttpResponseStatus.FORBIDDEN);
        }
        ctx.channel().attr(CLIENT_ID).set(id);
        return Optional.empty();
    }

    static boolean isUpgrade(HttpRequest req) {
        return req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && req.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    static boolean validId(String id) {
        return VALID_ID.matcher(id).matches();
    }

    /** The client ID the path names ({@code /alice} → {@code alice}), a fresh one for {@code /}, null if invalid. */
    static @Nullable String clientId(String path) {
        String decoded = QueryStringDecoder.decodeComponent(path.startsWith("/") ? path.substring(1) : path);
        if (decoded.isEmpty()) {
            byte[] b = new byte[16];
            RANDOM.nextBytes(b);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }
        return validId(decoded) ? decoded : null;
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status) {
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                status,
                Unpooled.copiedBuffer(status.reasonPhrase() + "\n", StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setContentLength(res, res.content().readableBytes());
        if (status.equals(HttpResponseStatus.UNAUTHORIZED)) {
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req) && !isUpgrade(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
