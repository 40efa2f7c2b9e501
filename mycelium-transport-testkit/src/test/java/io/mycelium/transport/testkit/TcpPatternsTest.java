package io.mycelium.transport.testkit;

import io.mycelium.spi.Transporter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;

/**
 * The communication patterns on the brokerless {@code tcp://} transporter, on loopback. Gossip runs at its
 * default period (2 s) on purpose: a toggled service must reach peers within a second by the INFO push, not
 * by waiting for a gossip round.
 */
class TcpPatternsTest extends PatternsContractSuite {

    private @Nullable String seed;

    @BeforeEach
    void noSeedYet() {
        seed = null;
    }

    @Override
    protected Transporter newTransporter(String nodeId, int index) {
        String s = seed;
        if (s == null) {
            int port = BrokerProcess.freePort();
            seed = "127.0.0.1:" + port + "/" + nodeId;
            return Transporters.create("tcp://127.0.0.1:" + port + "?udpDiscovery=false");
        }
        return Transporters.create("tcp://127.0.0.1:0?udpDiscovery=false&urls=tcp://" + s);
    }
}
