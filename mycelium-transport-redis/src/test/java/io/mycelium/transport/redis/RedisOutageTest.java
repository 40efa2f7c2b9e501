package io.mycelium.transport.redis;

import io.mycelium.spi.Transporter;
import io.mycelium.transport.testkit.BrokerOutageSuite;
import io.mycelium.transport.testkit.BrokerProcess;
import java.time.Duration;

/** Kills and restarts a private redis-server mid-traffic. */
class RedisOutageTest extends BrokerOutageSuite {

    @Override
    protected BrokerProcess startBroker() {
        return BrokerProcess.redisServer();
    }

    @Override
    protected Transporter newTransporter(BrokerProcess broker) {
        return RedisTransporter.create(RedisOptions.builder()
                .port(broker.port())
                .reconnectDelay(Duration.ofMillis(50))
                .maxReconnectDelay(Duration.ofMillis(200))
                .build());
    }
}
