package io.mycelium.transport.nats;

import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.NodeCrashSuite;

/** A SIGKILLed node and a restarted private nats-server under continuous calls. */
class NatsNodeCrashTest extends NodeCrashSuite {

    @Override
    protected TestBroker startBroker() {
        return TestBroker.of(
                BrokerProcess.natsServer(),
                port -> "nats://127.0.0.1:" + port + "?reconnectDelay=50ms&maxReconnectDelay=200ms");
    }

    @Override
    protected String name() {
        return "nats";
    }
}
