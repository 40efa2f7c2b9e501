package io.mycelium.transport.amqp;

import io.mycelium.transport.testkit.BrokerChaosSuite;
import io.mycelium.transport.testkit.BrokerProcess;

/** The chaos suite over AMQP, on a private broker process the suite kills and restarts. */
class AmqpChaosTest extends BrokerChaosSuite {

    @Override
    protected String transporterName() {
        return "AMQP";
    }

    /**
     * Balanced packets are acknowledged by the consumer (issue 13 moves the acknowledgement to the end of
     * the handler, as Moleculer does): an event a SIGKILLed worker had handled but not yet acknowledged is
     * redelivered to the other, at most {@code prefetch} (1 by default) of them.
     */
    @Override
    protected int duplicatesAllowed() {
        return 1;
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
