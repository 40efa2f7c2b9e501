package io.mycelium.transport.mqtt;

import io.mycelium.transport.testkit.BrokerChaosSuite;
import io.mycelium.transport.testkit.BrokerProcess;

/** The chaos suite over MQTT, on a private broker process the suite kills and restarts. */
class MqttChaosTest extends BrokerChaosSuite {

    @Override
    protected String transporterName() {
        return "MQTT";
    }

    @Override
    protected BrokerProcess startBroker() {
        return BrokerProcess.mosquitto();
    }

    @Override
    protected String url(BrokerProcess broker) {
        return "mqtt://127.0.0.1:" + broker.port();
    }
}
