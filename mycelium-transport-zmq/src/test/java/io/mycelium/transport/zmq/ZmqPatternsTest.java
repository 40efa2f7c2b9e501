package io.mycelium.transport.zmq;

import io.mycelium.spi.Transporter;
import io.mycelium.transport.testkit.PatternsContractSuite;

/**
 * The communication patterns over {@code zmq://} on loopback, with a mesh key: signed beacons and every
 * connection under CurveZMQ (the contract suite runs the same without keys).
 */
class ZmqPatternsTest extends PatternsContractSuite {

    private final ZmqUrls urls = new ZmqUrls("&keys=k1:patterns-mesh-secret");

    @Override
    protected Transporter newTransporter(String nodeId, int index) {
        return urls.create();
    }
}
