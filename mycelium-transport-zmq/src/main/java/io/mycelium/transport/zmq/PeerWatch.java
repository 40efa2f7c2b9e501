package io.mycelium.transport.zmq;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Reports at once a peer whose connection closes (its process died, or ZMTP heartbeats timed out), instead of
 * waiting for the broker's heartbeat timeout. Each DEALER socket gets a ZeroMQ socket monitor; one thread of
 * its own reads the monitors' events about ten times a second. A peer replaced or closed is dropped.
 */
final class PeerWatch implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PeerWatch.class);
    private static final AtomicLong MONITORS = new AtomicLong();

    private record Watched(ZmqPeer peer, ZMQ.Socket events) {}

    private final ZContext zmq;
    private final BiConsumer<ZmqPeer, String> disconnected;
    private final ConcurrentLinkedQueue<Watched> added = new ConcurrentLinkedQueue<>();
    private volatile boolean stopped;

    /** @param disconnected called on the watch thread with a peer whose connection closed */
    PeerWatch(ZContext zmq, BiConsumer<ZmqPeer, String> disconnected) {
        this.zmq = zmq;
        this.disconnected = disconnected;
    }

    /** Starts monitoring a new DEALER; call before the socket is shared with other threads. */
    void watch(ZmqPeer peer, ZMQ.Socket dealer) {
        String address = "inproc://mycelium-zmq-monitor-" + MONITORS.incrementAndGet();
        dealer.monitor(address, ZMQ.EVENT_DISCONNECTED);
        ZMQ.Socket events = zmq.createSocket(SocketType.PAIR);
        events.setLinger(0);
        events.connect(address);
        added.add(new Watched(peer, events));
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        List<Watched> watched = new ArrayList<>();
        try {
            while (!stopped) {
                for (Watched w; (w = added.poll()) != null; ) {
                    watched.add(w);
                }
                for (Iterator<Watched> it = watched.iterator(); it.hasNext(); ) {
                    Watched w = it.next();
                    if (w.peer().closed()) {
                        w.events().close();
                        it.remove();
                        continue;
                    }
                    ZMQ.@Nullable Event event = ZMQ.Event.recv(w.events(), ZMQ.DONTWAIT);
                    if (event != null && event.getEvent() == ZMQ.EVENT_DISCONNECTED) {
                        disconnected.accept(w.peer(), "its ZeroMQ connection closed");
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopped) {
                LOG.warn("ZeroMQ peer watch ended: {}", e.toString());
            }
        } finally {
            watched.forEach(w -> w.events().close());
            for (Watched w; (w = added.poll()) != null; ) {
                w.events().close();
            }
        }
    }
}
