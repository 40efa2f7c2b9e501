package io.mycelium.transport.zmq;

import io.mycelium.spi.Transporter;
import io.mycelium.transport.testkit.TransporterContractSuite;

/** The transporter contract over {@code zmq://} on loopback, peers found by UDP beacons. */
class ZmqTransporterContractTest extends TransporterContractSuite {

    private final ZmqUrls urls = new ZmqUrls();

    @Override
    protected Transporter newTransporter() {
        return urls.create();
    }
}
