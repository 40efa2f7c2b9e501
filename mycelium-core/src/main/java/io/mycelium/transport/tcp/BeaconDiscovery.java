package io.mycelium.transport.tcp;

/**
 * The UDP discovery beacons of {@code tcp://} (Moleculer's {@code namespace|nodeID|port} datagrams, signed
 * when keys are set), for another brokerless transporter to find its peers the same way. It reads the
 * {@code udp*} settings and the {@code keys} of a {@link TcpTransporterOptions}; everything else there is
 * ignored. Thread-safe; {@link #close} is idempotent.
 */
public interface BeaconDiscovery extends AutoCloseable {

    /** Hears the beacons of the namespace. */
    interface Listener {
        /**
         * A beacon of this namespace, this node's own included ({@code nodeId} equal to its own): the sender's
         * address and the port it announced. Called on the discovery's own thread; must not block. Returns
         * true when the sender should get this node's beacon back at once (a newcomer learns of this node).
         */
        boolean discovered(String nodeId, String address, int port);
    }

    /**
     * Binds the UDP sockets (a failure is logged, as Moleculer does) and starts announcing {@code nodeId} on
     * {@code port}, at once, about a second later, then every {@code udpPeriod}. Blocks while binding: do not
     * call on an event loop.
     */
    static BeaconDiscovery start(
            TcpTransporterOptions settings, String namespace, String nodeId, int port, Listener listener) {
        return SharedBeaconDiscovery.start(settings, namespace, nodeId, port, listener);
    }

    /** Sends one announcement now. */
    void announce();

    /** Stops announcing and closes the sockets. */
    @Override
    void close();
}
