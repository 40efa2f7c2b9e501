package io.mycelium.transport.zmq;

import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/** The socket options every socket of the transporter shares: the bounds and the CURVE keys. */
final class ZmqSockets {

    private ZmqSockets() {}

    static void bound(ZMQ.Socket socket, ZmqOptions options) {
        socket.setLinger(0);
        socket.setMaxMsgSize(options.maxPayload());
        socket.setSndHWM(options.sendQueue());
        socket.setRcvHWM(options.receiveQueue());
        socket.setHeartbeatIvl((int) options.heartbeat().toMillis());
        socket.setHeartbeatTimeout((int) options.heartbeatTimeout().toMillis());
        socket.setHeartbeatTtl((int) Math.min(options.heartbeatTimeout().toMillis(), 6_553_500));
        socket.setHandshakeIvl((int) options.handshakeTimeout().toMillis());
    }

    static void server(ZMQ.Socket socket, @Nullable MeshCurve curve) {
        if (curve != null) {
            socket.setCurveServer(true);
            socket.setCurveSecretKey(curve.secretKey());
            socket.setCurvePublicKey(curve.publicKey());
        }
    }

    static void client(ZMQ.Socket socket, @Nullable MeshCurve curve) {
        if (curve != null) {
            socket.setCurveServerKey(curve.publicKey());
            socket.setCurvePublicKey(curve.publicKey());
            socket.setCurveSecretKey(curve.secretKey());
        }
    }
}
