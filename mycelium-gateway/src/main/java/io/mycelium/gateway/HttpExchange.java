package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.CallOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request on the gateway's port, other than a WebSocket upgrade: the REST API under {@code /api}
 * (moleculer-web's conventions), the OpenAPI document, the health checks and the mesh page. State changes
 * run on the channel's event loop; actions and the authorizer run on the gateway's virtual threads.
 */
final class HttpExchange {
    private static final int STREAM_CHUNK = 64 * 1024;
    private static final String OCTETS = "application/octet-stream";
    private static final String JSON = "application/json; charset=utf-8";

    private enum Body {
        IGNORE,
        BUFFER,
        STREAM
    }

    private final HttpApi api;
    private final ChannelHandlerContext ctx;
    private final HttpRequest req;
    private final BiConsumer<HttpExchange, Boolean> finished;
    private final boolean keepAlive;
    private final boolean hasBody;
    private final HttpHeaders extra = new io.netty.handler.codec.http.DefaultHttpHeaders();
    private Body body = Body.IGNORE;
    private @Nullable BodyBuffer buffer;
    private @Nullable BodyStream stream;
    private Routes.@Nullable Match match;
    private Map<String, List<String>> query = Map.of();
    private boolean requestEnded;
    private boolean responded;
    private boolean responseDone;
    private boolean closeAfter;

    HttpExchange(HttpApi api, ChannelHandlerContext ctx, HttpRequest req, BiConsumer<HttpExchange, Boolean> finished) {
        this.api = api;
        this.ctx = ctx;
        this.req = req;
        this.finished = finished;
        this.keepAlive = HttpUtil.isKeepAlive(req);
        this.hasBody = HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
    }

    /** The request's head arrived. Event loop. */
    void start() {
        try {
            route();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** A piece of the body (released by the caller). Event loop. */
    void content(HttpContent c) {
        ByteBuf b = c.content();
        switch (body) {
            case BUFFER -> {
                BodyBuffer out = buffer;
                if (out != null && !responded) {
                    if (out.length + (long) b.readableBytes() > api.options.maxBodySize()) {
                        buffer = null;
                        fail(HttpError.payloadTooLarge(api.options.maxBodySize()));
                    } else {
                        out.add(b);
                    }
                }
            }
            case STREAM -> {
                BodyStream s = stream;
                if (s != null) {
                    s.offer(b);
                }
            }
            case IGNORE -> {}
        }
        if (c instanceof LastHttpContent) {
            requestEnded = true;
            if (!responseDone) {
                ctx.channel().config().setAutoRead(false); // the next request waits for this response
            }
            if (body == Body.STREAM && stream != null) {
                stream.end();
            } else if (body == Body.BUFFER && buffer != null && !responded) {
                BodyBuffer bytes = buffer;
                buffer = null;
                call(bytes.bytes, bytes.length);
            }
            maybeFinish();
        }
    }

    /** The connection closed before the exchange ended. Event loop. */
    void aborted() {
        BodyStream s = stream;
        if (s != null) {
            s.fail(new IOException("the HTTP client closed the connection"));
        }
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    private void route() {
        if (!req.decoderResult().isSuccess()) {
            fail(HttpError.badRequest("INVALID_REQUEST", "Malformed HTTP request"));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        query = uri.parameters();
        List<String> path = new ArrayList<>();
        for (String s : Routes.segments(uri.rawPath())) {
            path.add(QueryStringDecoder.decodeComponent(s));
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !api.options.corsOrigins().isEmpty()) {
            String allowed = api.corsOrigin(origin);
            if (allowed == null) {
                fail(HttpError.forbidden("ORIGIN_NOT_ALLOWED"));
                return;
            }
            extra.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
            extra.set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
            extra.set(
                    HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS,
                    "X-Rate-Limit-Limit, X-Rate-Limit-Remaining, X-Rate-Limit-Reset");
            if (req.method().equals(HttpMethod.OPTIONS)
                    && req.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
                preflight();
                return;
            }
        }
        HttpMethod method = req.method();
        boolean get = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        if (path.isEmpty() || (path.size() == 1 && path.get(0).startsWith("mesh."))) {
            if (get && api.options.meshPage()) {
                page(path.isEmpty() ? "index.html" : path.get(0));
            } else {
                fail(HttpError.notFound());
            }
            return;
        }
        if (path.size() == 2 && path.get(0).equals("health") && get) {
            switch (path.get(1)) {
                case "live" -> health(api.health.live());
                case "ready" -> health(api.health.ready());
                default -> fail(HttpError.notFound());
            }
            return;
        }
        if (!path.get(0).equals(HttpApi.API)) {
            fail(HttpError.notFound());
            return;
        }
        Optional<HttpError> refused = checkToken(uri);
        if (refused.isPresent()) {
            fail(refused.get());
            return;
        }
        if (path.size() == 2 && path.get(1).equals("openapi.json") && get) {
            api.executor.execute(() -> {
                try {
                    respondJson(200, OpenApi.document(api));
                } catch (RuntimeException e) {
                    fail(e);
                }
            });
            return;
        }
        if (api.limiter != null) {
            RateLimiter.Verdict v = api.limiter.acquire(remoteAddress());
            extra.set("X-Rate-Limit-Limit", api.limiter.limit());
            extra.set("X-Rate-Limit-Remaining", v.remaining());
            extra.set("X-Rate-Limit-Reset", v.resetMillis());
            if (!v.allowed()) {
                fail(HttpError.rateLimited());
                return;
            }
        }
        Optional<Routes.Match> m = api.resolve(method.name(), path.subList(1, path.size()));
        if (m.isEmpty()) {
            fail(HttpError.notFound());
            return;
        }
        if (!api.allows(m.get().action())) {
            fail(HttpFailures.notFound(m.get().action()));
            return;
        }
        match = m.get();
        String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (type.toLowerCase(Locale.ROOT).startsWith(OCTETS)) {
            body = Body.STREAM;
            BodyStream s =
                    new BodyStream(ctx.channel(), api.options.idleTimeout().toMillis());
            stream = s;
            dispatch(baseParams(), s);
        } else if (HttpUtil.getContentLength(req, 0L) > api.options.maxBodySize()) {
            fail(HttpError.payloadTooLarge(api.options.maxBodySize()));
        } else {
            body = Body.BUFFER;
            buffer = new BodyBuffer((int) Math.min(HttpUtil.getContentLength(req, 256L), api.options.maxBodySize()));
        }
        if (body != Body.IGNORE && HttpUtil.is100ContinueExpected(req)) {
            // curl and others wait for this before sending a large body
            ctx.writeAndFlush(new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    private Optional<HttpError> checkToken(QueryStringDecoder uri) {
        if (api.options.credentials().admitsAny(Credentials.presented(req, uri))) {
            return Optional.empty();
        }
        boolean presented = req.headers().contains(HttpHeaderNames.AUTHORIZATION)
                || uri.parameters().containsKey("token");
        extra.set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        return Optional.of(HttpError.unauthorized(presented ? "INVALID_TOKEN" : "NO_TOKEN"));
    }

    /** The query (repeated keys as arrays) merged with the path's params. */
    private ObjectNode baseParams() {
        ObjectNode p = Json.object();
        query.forEach((k, v) -> {
            if (k.equals("token")) {
                return; // a credential, not a param
            }
            if (v.size() == 1) {
                p.put(k, v.get(0));
            } else {
                var a = p.putArray(k);
                v.forEach(a::add);
            }
        });
        Routes.Match m = match;
        if (m != null) {
            m.params().forEach(p::put);
        }
        return p;
    }

    private void call(byte[] bytes, int length) {
        ObjectNode params = baseParams();
        if (length > 0) {
            String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase(Locale.ROOT);
            try {
                if (type.startsWith("application/x-www-form-urlencoded")) {
                    new QueryStringDecoder(new String(bytes, 0, length, StandardCharsets.UTF_8), false)
                            .parameters()
                            .forEach((k, v) -> params.put(k, v.get(0)));
                } else {
                    JsonNode parsed = Json.MAPPER.readTree(bytes, 0, length);
                    if (parsed instanceof ObjectNode o) {
                        o.fields().forEachRemaining(e -> {
                            if (match == null || !match.params().containsKey(e.getKey())) {
                                params.set(e.getKey(), e.getValue());
                            }
                        });
                    } else if (parsed != null && !parsed.isMissingNode()) {
                        fail(HttpError.badRequest("INVALID_REQUEST_BODY", "The request body must be a JSON object"));
                        return;
                    }
                }
            } catch (IOException e) {
                fail(HttpError.badRequest("INVALID_REQUEST_BODY", "Invalid JSON in the request body"));
                return;
            }
        }
        dispatch(params, null);
    }

    private void dispatch(ObjectNode params, @Nullable InputStream in) {
        Routes.Match m = java.util.Objects.requireNonNull(match);
        if (api.authorizer == null && in == null) {
            // straight from the event loop, as the WebSocket side does: broker.call does not block (the
            // handler runs on the broker's executor), and a hop to another thread costs a wake-up per call
            send(m, params, new LinkedHashMap<>(), null);
            return;
        }
        api.executor.execute(() -> {
            Map<String, Object> meta = new LinkedHashMap<>();
            try {
                if (api.authorizer != null) {
                    api.authorizer.authorize(new Call(m.action(), meta));
                }
                send(m, params, meta, in);
            } catch (RuntimeException e) {
                fail(e);
            }
        });
    }

    private void send(Routes.Match m, ObjectNode params, Map<String, Object> meta, @Nullable InputStream in) {
        try {
            CallOptions.Builder o =
                    CallOptions.builder().timeout(api.options.requestTimeout()).meta(meta);
            if (in != null) {
                o.stream(in);
            }
            api.broker.call(m.action(), params, o.build(), Object.class).whenComplete((r, e) -> {
                if (e != null) {
                    fail(e);
                } else if (r instanceof InputStream) {
                    api.executor.execute(() -> answer(r)); // streaming out blocks on the socket
                } else {
                    answer(r); // serialized on the thread that completed the call, written on the loop
                }
            });
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void answer(@Nullable Object result) {
        try {
            if (result instanceof InputStream in) {
                streamOut(in);
            } else if (result == null || (result instanceof JsonNode n && (n.isNull() || n.isMissingNode()))) {
                respond(200, null, Unpooled.EMPTY_BUFFER);
            } else if (result instanceof byte[] bytes) {
                respond(200, OCTETS, Unpooled.wrappedBuffer(bytes));
            } else if (result instanceof CharSequence || (result instanceof JsonNode n && n.isTextual())) {
                String text = result instanceof JsonNode n ? n.asText() : result.toString();
                respond(200, "text/plain; charset=utf-8", Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            } else {
                respondJson(200, Json.tree(result));
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** Sends a byte stream back chunked; waits while the socket's buffer is above its high water mark. */
    private void streamOut(InputStream in) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().add(extra);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, OCTETS);
        HttpUtil.setTransferEncodingChunked(head, true);
        HttpUtil.setKeepAlive(head, keepAlive);
        onLoop(() -> responded = true);
        var channel = ctx.channel();
        long idle = api.options.idleTimeout().toMillis();
        try (in) {
            channel.writeAndFlush(head);
            while (true) {
                byte[] chunk = new byte[STREAM_CHUNK];
                int n = in.readNBytes(chunk, 0, chunk.length);
                if (n <= 0) {
                    break;
                }
                ChannelFuture f = channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk, 0, n)));
                if (!channel.isWritable() && (!f.await(idle, TimeUnit.MILLISECONDS) || !f.isSuccess())) {
                    throw new IOException("the HTTP client stopped reading");
                }
                if (!channel.isActive()) {
                    throw new IOException("the HTTP client closed the connection");
                }
            }
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> onLoop(this::written));
        } catch (IOException | RuntimeException e) {
            channel.close(); // the status is sent: a cut chunked body is how the client learns of the failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
        }
    }

    private void preflight() {
        extra.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, PUT, PATCH, DELETE, OPTIONS");
        String headers = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        extra.set(
                HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                headers != null ? headers : "Content-Type, Authorization");
        extra.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 3600);
        respond(204, null, Unpooled.EMPTY_BUFFER);
    }

    private void page(String name) {
        Optional<byte[]> content = MeshPage.resource(name);
        if (content.isEmpty()) {
            fail(HttpError.notFound());
            return;
        }
        extra.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        respond(200, MeshPage.contentType(name), Unpooled.wrappedBuffer(content.get()));
    }

    private void health(GatewayHealth.Status status) {
        respondJson(status.up() ? 200 : 503, status.body());
    }

    void fail(Throwable t) {
        HttpFailures.Answer a = HttpFailures.of(t);
        respondJson(a.status(), a.body());
    }

    private void respondJson(int status, JsonNode body) {
        respond(status, JSON, Unpooled.wrappedBuffer(Json.bytes(body)));
    }

    private void respond(int status, @Nullable String type, ByteBuf content) {
        onLoop(() -> {
            if (responded) {
                content.release();
                return;
            }
            responded = true;
            if (!requestEnded && hasBody) {
                closeAfter = true; // not reading an unwanted body: the connection ends with this answer
            }
            FullHttpResponse res =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
            res.headers().add(extra);
            if (type != null) {
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            }
            HttpUtil.setContentLength(res, content.readableBytes());
            boolean keep = keepAlive && !closeAfter;
            HttpUtil.setKeepAlive(res, keep);
            if (req.method().equals(HttpMethod.HEAD)) {
                res.content().clear();
            }
            ctx.writeAndFlush(res).addListener(f -> written());
        });
    }

    private void written() {
        responseDone = true;
        maybeFinish();
    }

    private void maybeFinish() {
        if (responseDone && (requestEnded || closeAfter)) {
            finished.accept(this, keepAlive && !closeAfter);
        }
    }

    private void onLoop(Runnable r) {
        if (ctx.executor().inEventLoop()) {
            r.run();
        } else {
            ctx.executor().execute(r);
        }
    }

    private String remoteAddress() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : String.valueOf(ctx.channel().remoteAddress());
    }

    /** The view an authorizer gets. */
    private final class Call implements HttpCall {
        private final String action;
        private final Map<String, Object> meta;

        Call(String action, Map<String, Object> meta) {
            this.action = action;
            this.meta = meta;
        }

        @Override
        public String method() {
            return req.method().name();
        }

        @Override
        public String path() {
            return new QueryStringDecoder(req.uri()).path();
        }

        @Override
        public String action() {
            return action;
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(req.headers().get(name));
        }

        @Override
        public String remoteAddress() {
            return HttpExchange.this.remoteAddress();
        }

        @Override
        public Map<String, Object> meta() {
            return meta;
        }
    }

    /**
     * A request body being read: sized from Content-Length, so a body that announces its length is copied
     * once from the socket's buffers and parsed where it lies (the size limit is checked before each add).
     */
    private static final class BodyBuffer {
        byte[] bytes;
        int length;

        BodyBuffer(int expected) {
            bytes = new byte[Math.max(16, expected)];
        }

        void add(ByteBuf b) {
            int n = b.readableBytes();
            if (length + n > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(length + n, bytes.length * 2));
            }
            b.readBytes(bytes, length, n);
            length += n;
        }
    }
}
