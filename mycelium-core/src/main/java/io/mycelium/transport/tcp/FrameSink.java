package io.mycelium.transport.tcp;

import io.netty.channel.Channel;

/** Where {@link FrameHandler} delivers what happens on a channel; called on the channel's event loop. */
interface FrameSink {

    void onFrame(Channel channel, Frame frame);

    void onOutboundReady(OutboundConnection connection, Channel channel);

    void onInboundClosed(Channel channel);
}
