package io.mycelium.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The mesh page's WebSocket ({@value MeshView#FEED_PATH}): receives mesh snapshots; what the page sends
 * (its keep-alive text every 20 s) is read and dropped. One per channel.
 */
final class MeshFeedHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final MeshView mesh;

    MeshFeedHandler(MeshView mesh) {
        this.mesh = mesh;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        // keep-alive from the page: reading it is enough
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            mesh.watch(ctx.channel());
        } else if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
