package io.mycelium.transport.nats;

import io.mycelium.transport.testkit.BrokerChaosSuite;
import io.mycelium.transport.testkit.BrokerProcess;

/** The chaos suite over NATS, on a private broker process the suite kills and restarts. */
class NatsChaosTest extends BrokerChaosSuite {

    @Override
    protected String transporterName() {
        return "NATS";
    }

    @Override
    protected BrokerProcess startBroker() {
        return BrokerProcess.natsServer();
    }

    @Override
    protected String url(BrokerProcess broker) {
        return "nats://127.0.0.1:" + broker.port();
    }
}
