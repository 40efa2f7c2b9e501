package io.mycelium.transport.testkit;

/** The chaos suite over TCP, the nodes finding each other by UDP discovery on loopback (own UDP port). */
class TcpChaosTest extends ChaosSuite {

    private final String url = "tcp://?host=127.0.0.1&udpBindAddress=127.0.0.1&udpPort=" + BrokerProcess.freePort();

    @Override
    protected String transporterName() {
        return "TCP";
    }

    @Override
    protected String url() {
        return url;
    }
}
