package io.mycelium.transport.tcp;

import io.mycelium.spi.Delivery;
import io.mycelium.spi.PushBack;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a TCP connection tells about each packet it carries: the node its handshake proved (with keys or
 * mutual TLS), and its {@link ReadPause}. One per connection, made again only when the connection
 * authenticates, so delivering a frame allocates nothing.
 */
final class TcpDelivery implements Delivery {
    private static final AttributeKey<TcpDelivery> KEY = AttributeKey.valueOf("mycelium.tcp.delivery");

    private final Optional<String> node;
    private final ReadPause pause;

    private TcpDelivery(@Nullable String authenticated, ReadPause pause) {
        this.node = Optional.ofNullable(authenticated);
        this.pause = pause;
    }

    /** The delivery of {@code channel}'s packets; on its event loop. */
    static Delivery of(Channel channel) {
        String authenticated = channel.attr(ConnectionGate.AUTHENTICATED).get();
        TcpDelivery d = channel.attr(KEY).get();
        if (d == null || !Objects.equals(d.node.orElse(null), authenticated)) {
            d = new TcpDelivery(authenticated, d == null ? new ReadPause(channel) : d.pause);
            channel.attr(KEY).set(d);
        }
        return d;
    }

    @Override
    public Optional<String> authenticatedNode() {
        return node;
    }

    @Override
    public PushBack pushBack() {
        return pause;
    }
}
