package io.mycelium.transport.nats;

import io.mycelium.spi.Transporter;
import io.mycelium.transport.testkit.BrokerOutageSuite;
import io.mycelium.transport.testkit.BrokerProcess;
import java.time.Duration;

/** Kills and restarts a private nats-server mid-traffic. */
class NatsOutageTest extends BrokerOutageSuite {

    @Override
    protected BrokerProcess startBroker() {
        return BrokerProcess.natsServer();
    }

    @Override
    protected Transporter newTransporter(BrokerProcess broker) {
        return NatsTransporter.create(NatsOptions.builder()
                .server("nats://127.0.0.1:" + broker.port())
                .reconnectDelay(Duration.ofMillis(50))
                .maxReconnectDelay(Duration.ofMillis(200))
                .build());
    }
}
