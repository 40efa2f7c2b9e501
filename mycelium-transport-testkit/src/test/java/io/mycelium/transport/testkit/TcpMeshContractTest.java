package io.mycelium.transport.testkit;

import io.mycelium.spi.Transporter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;

/**
 * The mesh contract on the brokerless {@code tcp://} transporter, on loopback: the first node of a test
 * listens on a free port and seeds the others (static URLs, no UDP), gossip spreads the rest.
 */
class TcpMeshContractTest extends MeshContractSuite {

    private @Nullable String seed;

    @BeforeEach
    void noSeedYet() {
        seed = null;
    }

    @Override
    protected boolean liveNodeHearsItsDuplicate() {
        return false; // no UDP here: see TcpDuplicateIdTest
    }

    @Override
    protected Transporter newTransporter() {
        return Transporters.create("tcp://127.0.0.1:0?udpDiscovery=false");
    }

    @Override
    protected Transporter newTransporter(String nodeId, int index) {
        String s = seed;
        if (s == null) {
            int port = BrokerProcess.freePort();
            seed = "127.0.0.1:" + port + "/" + nodeId;
            return Transporters.create("tcp://127.0.0.1:" + port + "?udpDiscovery=false&gossipPeriod=200ms");
        }
        return Transporters.create("tcp://127.0.0.1:0?udpDiscovery=false&gossipPeriod=200ms&urls=tcp://" + s);
    }
}
