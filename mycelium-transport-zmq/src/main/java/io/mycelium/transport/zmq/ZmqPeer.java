package io.mycelium.transport.zmq;

import org.zeromq.ZMQ;

/**
 * One discovered peer: its announced endpoint and the DEALER socket connected to it. ZeroMQ sockets are not
 * thread-safe, so every use of the socket holds this object's lock (sends come from any thread).
 */
final class ZmqPeer {

    private final String nodeId;
    private final String address;
    private final int port;
    private final ZMQ.Socket dealer;
    private boolean closed;

    ZmqPeer(String nodeId, String address, int port, ZMQ.Socket dealer) {
        this.nodeId = nodeId;
        this.address = address;
        this.port = port;
        this.dealer = dealer;
    }

    String nodeId() {
        return nodeId;
    }

    boolean at(String otherAddress, int otherPort) {
        return address.equals(otherAddress) && port == otherPort;
    }

    String endpoint() {
        return address + ":" + port;
    }

    /** Queues one frame without blocking; false when the peer's queue is full or the socket is closed. */
    synchronized boolean send(byte[] frame) {
        return !closed && dealer.send(frame, ZMQ.DONTWAIT);
    }

    synchronized boolean closed() {
        return closed;
    }

    synchronized void close() {
        if (!closed) {
            closed = true;
            dealer.close();
        }
    }
}
