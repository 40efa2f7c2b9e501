package io.mycelium.transport.mqtt;

import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.NodeCrashSuite;

/** A SIGKILLed node (its last will announces it) and a restarted private mosquitto under continuous calls. */
class MqttNodeCrashTest extends NodeCrashSuite {

    @Override
    protected TestBroker startBroker() {
        return TestBroker.of(
                BrokerProcess.mosquitto(),
                port -> "mqtt://127.0.0.1:" + port + "?reconnectDelay=50&reconnectMaxDelay=200");
    }

    @Override
    protected String name() {
        return "mqtt";
    }
}
