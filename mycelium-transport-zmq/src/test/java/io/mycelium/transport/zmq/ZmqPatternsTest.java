package io.mycelium.transport.zmq;

import io.mycelium.spi.Transporter;
import io.mycelium.transport.testkit.PatternsContractSuite;

/** The communication patterns over {@code zmq://} on loopback. */
class ZmqPatternsTest extends PatternsContractSuite {

    private final ZmqUrls urls = new ZmqUrls();

    @Override
    protected Transporter newTransporter(String nodeId, int index) {
        return urls.create();
    }
}
