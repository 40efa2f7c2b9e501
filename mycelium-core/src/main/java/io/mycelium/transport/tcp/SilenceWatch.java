package io.mycelium.transport.tcp;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Notices a peer that went silent while this node waits on it. On a LAN a host can vanish without a reset
 * (a pulled cable, a crashed switch port, a partition): its connections stay open, writes pile up in the
 * kernel and every call to it would wait out its timeout. So every request, response or event sent to a
 * peer starts a wait ({@link #sent}) that any frame from the peer ends. A peer waited on for a third of the
 * timeout is pinged (a PING probe, answered by its I/O thread at once however slow its handlers are); one
 * waited on for the whole timeout is suspected: the transporter marks it unreachable (its calls in flight
 * fail, retryable) and closes its connections. A suspected peer is dialled afresh every
 * {@link #REDIAL_NANOS} (every {@link #SLOW_REDIAL_NANOS} after a minute), since a dial made while the link
 * was down waits out the kernel's SYN back-off; its answer makes it available again.
 *
 * <p>{@link #sent} is called from any thread; {@link #tick} on the control loop, which owns the peers'
 * watch state.
 */
final class SilenceWatch {

    static final long REDIAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long SLOW_REDIAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long FAST_REDIAL_FOR_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** What the watch does to a peer; all called on the control loop. */
    interface Actions {
        /** Sends {@code peer} a PING on its current connection. */
        void ping(Peer peer);

        /** {@code peer} stayed silent for {@code silentMillis}: mark it unreachable, close its connections. */
        void suspect(Peer peer, long silentMillis);

        /** Asks a suspected {@code peer} for gossip, on a fresh connection unless one is open. */
        void redial(Peer peer);
    }

    private final long timeoutNanos;
    private final long pingNanos;
    private final Actions actions;

    SilenceWatch(long timeoutNanos, Actions actions) {
        this.timeoutNanos = timeoutNanos;
        this.pingNanos = timeoutNanos / 3;
        this.actions = actions;
    }

    /** The period of {@link #tick} that keeps the timeout's precision to about a tenth. */
    long tickNanos() {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(20), timeoutNanos / 10);
    }

    /** A packet that expects the peer to answer (or at least to keep talking) was sent to it. */
    static void sent(Peer peer, long nowNanos) {
        if (peer.awaitingSinceNanos - peer.lastFrameNanos <= 0) {
            peer.awaitingSinceNanos = nowNanos;
        }
    }

    void tick(Collection<Peer> peers, long now) {
        for (Peer peer : peers) {
            if (peer.available) {
                watch(peer, now);
            } else if (peer.suspected) {
                long every = now - peer.suspectedSinceNanos < FAST_REDIAL_FOR_NANOS ? REDIAL_NANOS : SLOW_REDIAL_NANOS;
                if (now - peer.silenceProbeNanos >= every) {
                    peer.silenceProbeNanos = now;
                    actions.redial(peer);
                }
            }
        }
    }

    private void watch(Peer peer, long now) {
        if (peer.suspected) {
            // back (it answered, or gossip vouched for it): what it owed before does not count against it
            peer.suspected = false;
            peer.awaitingSinceNanos = peer.lastFrameNanos;
            return;
        }
        long since = peer.awaitingSinceNanos;
        if (since - peer.lastFrameNanos <= 0) {
            return;
        }
        long silent = now - since;
        if (silent >= timeoutNanos) {
            peer.suspected = true;
            peer.suspectedSinceNanos = now;
            peer.silenceProbeNanos = now;
            actions.suspect(peer, TimeUnit.NANOSECONDS.toMillis(silent));
        } else if (silent >= pingNanos && now - peer.silenceProbeNanos >= pingNanos) {
            peer.silenceProbeNanos = now;
            actions.ping(peer);
        }
    }
}
