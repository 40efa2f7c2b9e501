package io.mycelium.transport.amqp;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.PatternsContractSuite;
import java.net.URI;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;

/** The communication patterns on the shared RabbitMQ on 127.0.0.1:5672. */
class AmqpPatternsTest extends PatternsContractSuite {

    @BeforeAll
    static void brokerIsUp() {
        BrokerProcess.requireListening("RabbitMQ", 5672);
    }

    @Override
    protected Transporter newTransporter(String nodeId, int index) {
        TransporterProvider provider = ServiceLoader.load(TransporterProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("amqp"))
                .findFirst()
                .orElseThrow();
        return provider.create(URI.create(Rabbit.URL));
    }
}
