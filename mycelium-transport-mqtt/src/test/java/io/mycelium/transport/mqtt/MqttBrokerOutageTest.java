package io.mycelium.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.BrokerDisconnectedException;
import io.mycelium.spi.Transporter;
import io.mycelium.transport.testkit.BalancedModeTransporter;
import io.mycelium.transport.testkit.BrokerOutageSuite;
import io.mycelium.transport.testkit.BrokerProcess;
import org.jspecify.annotations.Nullable;

/** The shared outage suite: a private mosquitto, SIGKILLed and restarted mid-traffic. */
class MqttBrokerOutageTest extends BrokerOutageSuite {

    @Override
    protected BrokerProcess startBroker() {
        return BrokerProcess.mosquitto();
    }

    @Override
    protected Transporter newTransporter(BrokerProcess broker) {
        // broker balancing on, so the shared subscriptions must come back exactly once too
        return new BalancedModeTransporter(Mosquitto.transporter(
                "mqtt://127.0.0.1:" + broker.port() + "?reconnectDelay=100&reconnectMaxDelay=500"));
    }

    @Override
    protected void assertOutageError(@Nullable Throwable error) {
        assertThat(error).isInstanceOf(BrokerDisconnectedException.class);
    }
}
