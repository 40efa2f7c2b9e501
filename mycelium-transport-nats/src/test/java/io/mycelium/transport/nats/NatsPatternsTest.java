package io.mycelium.transport.nats;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.PatternsContractSuite;
import java.net.URI;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;

/** The communication patterns on the shared NATS server on 127.0.0.1:4222. */
class NatsPatternsTest extends PatternsContractSuite {

    @BeforeAll
    static void natsIsUp() {
        BrokerProcess.requireListening("NATS", 4222);
    }

    @Override
    protected Transporter newTransporter(String nodeId, int index) {
        TransporterProvider provider = ServiceLoader.load(TransporterProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("nats"))
                .findFirst()
                .orElseThrow();
        return provider.create(URI.create("nats://127.0.0.1:4222"));
    }
}
