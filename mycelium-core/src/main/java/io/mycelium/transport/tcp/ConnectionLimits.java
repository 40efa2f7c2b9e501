package io.mycelium.transport.tcp;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what the connections of one transporter may hold, so a peer or a raw socket cannot exhaust the
 * node: inbound connections in all and per remote address ({@code maxInboundConnections}, {@code
 * maxInboundConnectionsPerAddress}); bytes of partly received frames over every connection ({@code
 * maxBufferedFrameBytes}, counted as the decoders' buffers grow); and time: an inbound connection must
 * complete its first frame (after the TLS and key handshakes) within {@code handshakeTimeout}, a started
 * frame must receive a byte at least every {@code frameIdleTimeout} and complete within {@code
 * frameTimeout}. A connection whose reading this node paused (stream push back) is not timed. A
 * connection past a limit is closed with a logged (rate-limited) reason; over the connection cap the
 * longest idle inbound connection makes room, over the byte budget the partial frame that progressed
 * least recently goes. Thread-safe: admission and accounting run on the channels' loops, {@link #sweep}
 * on the control loop.
 */
final class ConnectionLimits {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);

    private final TcpTransporterOptions options;
    private final Set<ConnectionMeter> meters = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger inbound = new AtomicInteger();
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong closedByLimit = new AtomicLong();
    private final LogLimiter log = new LogLimiter(LOG, 10, 10, TimeUnit.SECONDS);

    ConnectionLimits(TcpTransporterOptions options) {
        this.options = options;
    }

    /** Bytes of partial frames held now by every connection. */
    long bufferedBytes() {
        return buffered.get();
    }

    /** Inbound connections open now. */
    int inboundConnections() {
        return inbound.get();
    }

    /** Connections this node closed or refused for a limit so far. */
    long closedByLimit() {
        return closedByLimit.get();
    }

    /**
     * A connection just accepted, on its event loop before its pipeline is built: its meter, or empty
     * when its address has too many connections already (the caller closes it).
     */
    @Nullable
    ConnectionMeter admitInbound(Channel channel) {
        InetAddress address = channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (address != null) {
            int n = perAddress
                    .computeIfAbsent(address, k -> new AtomicInteger())
                    .incrementAndGet();
            if (n > options.maxInboundConnectionsPerAddress()) {
                releaseAddress(address);
                closedByLimit.incrementAndGet();
                log.warn(
                        "Refusing the connection from {}: {} connections from {} already (maxInboundConnectionsPerAddress)",
                        channel.remoteAddress(),
                        n - 1,
                        address.getHostAddress());
                return null;
            }
        }
        ConnectionMeter meter = new ConnectionMeter(channel, true, address, this);
        meters.add(meter);
        if (inbound.incrementAndGet() > options.maxInboundConnections()) {
            ConnectionMeter idle = longestIdleInbound(meter);
            if (idle != null) {
                close(
                        idle,
                        "over maxInboundConnections " + options.maxInboundConnections() + ", idle for "
                                + millis(System.nanoTime() - idle.lastReadNanos) + " ms, the longest");
            }
        }
        channel.closeFuture().addListener(f -> released(meter));
        return meter;
    }

    /** A connection this node dialled: watched for partial frames only. */
    ConnectionMeter track(Channel channel) {
        ConnectionMeter meter = new ConnectionMeter(channel, false, null, this);
        meters.add(meter);
        channel.closeFuture().addListener(f -> released(meter));
        return meter;
    }

    /** After a read of {@code meter}'s channel: its decoder now holds {@code bytes}. */
    void account(ConnectionMeter meter, long bytes) {
        if (meter.closing.get()) {
            return;
        }
        long total = buffered.addAndGet(bytes - meter.accounted.getAndSet(bytes));
        if (meter.closing.get()) {
            // closed meanwhile: whoever closed took back what was counted then; take back the rest
            buffered.addAndGet(-meter.accounted.getAndSet(0));
            return;
        }
        long max = options.maxBufferedFrameBytes();
        while (total > max) {
            ConnectionMeter stalest = stalestPartial();
            if (stalest == null) {
                return;
            }
            close(
                    stalest,
                    "partial frames of all connections hold " + total + " bytes, above maxBufferedFrameBytes "
                            + max + "; this one held " + stalest.accounted.get() + " bytes, its last byte "
                            + millis(System.nanoTime() - stalest.lastReadNanos) + " ms ago");
            total = buffered.get();
        }
    }

    /** Closes the connections past a deadline; on the control loop, about every second. */
    void sweep() {
        long now = System.nanoTime();
        long handshake = options.handshakeTimeout().toNanos();
        long idle = options.frameIdleTimeout().toNanos();
        long whole = options.frameTimeout().toNanos();
        for (ConnectionMeter m : meters) {
            if (m.closing.get()) {
                continue;
            }
            if (!m.channel.config().isAutoRead()) {
                // this node paused reading (push back): the peer is not the one stalling
                m.lastReadNanos = now;
                if (m.partialSinceNanos != 0) {
                    m.partialSinceNanos = now;
                }
                continue;
            }
            long partialSince = m.partialSinceNanos;
            if (m.inbound && m.frames == 0 && now - m.openedNanos > handshake) {
                close(m, "no complete frame within handshakeTimeout " + millis(handshake) + " ms");
            } else if (partialSince != 0 && now - m.lastReadNanos > idle) {
                close(
                        m,
                        "a frame stalled: no byte for " + millis(now - m.lastReadNanos) + " ms (frameIdleTimeout "
                                + millis(idle) + " ms) with " + m.accounted.get() + " bytes buffered");
            } else if (partialSince != 0 && now - partialSince > whole) {
                close(m, "a frame not complete within frameTimeout " + millis(whole) + " ms");
            }
        }
    }

    private @Nullable ConnectionMeter longestIdleInbound(ConnectionMeter except) {
        ConnectionMeter best = null;
        for (ConnectionMeter m : meters) {
            if (m != except
                    && m.inbound
                    && !m.closing.get()
                    && (best == null || m.lastReadNanos < best.lastReadNanos)) {
                best = m;
            }
        }
        return best;
    }

    private @Nullable ConnectionMeter stalestPartial() {
        ConnectionMeter best = null;
        for (ConnectionMeter m : meters) {
            if (!m.closing.get() && m.accounted.get() > 0 && (best == null || m.lastReadNanos < best.lastReadNanos)) {
                best = m;
            }
        }
        return best;
    }

    private void close(ConnectionMeter m, String reason) {
        if (!m.closing.compareAndSet(false, true)) {
            return;
        }
        buffered.addAndGet(-m.accounted.getAndSet(0));
        closedByLimit.incrementAndGet();
        String node = m.channel.attr(TcpChannels.NODE_ID).get();
        log.warn(
                "Closing the connection {} {}{}: {}",
                m.inbound ? "from" : "to",
                m.remote(),
                node == null ? "" : " ('" + node + "')",
                reason);
        if (m.channel.eventLoop().inEventLoop()) {
            m.dropBuffer.run();
            m.channel.close();
        } else {
            m.channel.eventLoop().execute(() -> {
                m.dropBuffer.run();
                m.channel.close();
            });
        }
    }

    private void released(ConnectionMeter m) {
        m.closing.set(true);
        buffered.addAndGet(-m.accounted.getAndSet(0));
        if (meters.remove(m) && m.inbound) {
            inbound.decrementAndGet();
            if (m.address != null) {
                releaseAddress(m.address);
            }
        }
    }

    private void releaseAddress(InetAddress address) {
        perAddress.computeIfPresent(address, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
