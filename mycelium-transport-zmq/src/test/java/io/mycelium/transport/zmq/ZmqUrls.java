package io.mycelium.transport.zmq;

import io.mycelium.spi.Transporter;
import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.Transporters;

/**
 * Loopback {@code zmq://} transporters for the contract suites: each node listens on a free port of its own,
 * the nodes of one test class share a UDP beacon port (namespaces keep the tests apart), beacons stay on
 * loopback and repeat every second so a restarted node is found again quickly.
 */
final class ZmqUrls {

    private final int udpPort = BrokerProcess.freePort();
    private final String extra;

    ZmqUrls() {
        this("");
    }

    /** @param extra more query options, such as {@code &keys=k1:secret} */
    ZmqUrls(String extra) {
        this.extra = extra;
    }

    Transporter create() {
        return Transporters.create(url());
    }

    String url() {
        return "zmq://127.0.0.1:" + BrokerProcess.freePort() + "?udpBindAddress=127.0.0.1&udpPort=" + udpPort
                + "&udpPeriod=1s&discoveryWait=150ms" + extra;
    }
}
