package io.mycelium.transport.amqp;

import io.mycelium.transport.testkit.BrokerChaosSuite;
import io.mycelium.transport.testkit.BrokerProcess;

/** The chaos suite over AMQP, on a private broker process the suite kills and restarts. */
class AmqpChaosTest extends BrokerChaosSuite {

    @Override
    protected String transporterName() {
        return "AMQP";
    }

    @Override
    protected BrokerProcess startBroker() {
        return BrokerProcess.rabbitmqServer();
    }

    @Override
    protected String url(BrokerProcess broker) {
        return "amqp://guest:guest@127.0.0.1:" + broker.port();
    }
}
