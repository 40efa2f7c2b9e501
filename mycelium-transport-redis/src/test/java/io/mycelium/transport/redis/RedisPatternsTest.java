package io.mycelium.transport.redis;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.PatternsContractSuite;
import java.net.URI;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;

/** The communication patterns on the shared Redis on 127.0.0.1:6379. */
class RedisPatternsTest extends PatternsContractSuite {

    @BeforeAll
    static void brokerIsUp() {
        BrokerProcess.requireListening("Redis", 6379);
    }

    @Override
    protected Transporter newTransporter(String nodeId, int index) {
        TransporterProvider provider = ServiceLoader.load(TransporterProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("redis"))
                .findFirst()
                .orElseThrow();
        return provider.create(URI.create("redis://127.0.0.1:6379"));
    }
}
