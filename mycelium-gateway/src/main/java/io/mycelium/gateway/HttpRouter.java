package io.mycelium.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * First handler after the HTTP codec: a WebSocket upgrade goes on to the handshake (this handler then leaves
 * the pipeline, the connection being a WebSocket from then on); any other request is an {@link HttpExchange},
 * one at a time per connection (the next request is not read before the answer is sent). One per channel.
 */
final class HttpRouter extends ChannelInboundHandlerAdapter {
    private final HttpApi api;
    private @Nullable HttpExchange current;

    HttpRouter(HttpApi api) {
        this.api = api;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req && current == null && HandshakeHandler.isUpgrade(req)) {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (msg instanceof HttpRequest req) {
                if (current != null) {
                    ctx.close(); // a pipelined request while one is answered: not supported
                    return;
                }
                HttpExchange x = new HttpExchange(api, ctx, req, this::finished);
                current = x;
                x.start();
            }
            if (msg instanceof HttpContent c && current != null) {
                current.content(c);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void finished(HttpExchange x, boolean keepAlive) {
        if (current != x) {
            return;
        }
        current = null;
        ChannelHandlerContext ctx = x.context();
        if (keepAlive) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        } else {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (current == null) {
                ctx.close(); // an idle keep-alive connection; a long transfer in progress is not idle
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        HttpExchange x = current;
        if (x != null) {
            x.aborted();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
