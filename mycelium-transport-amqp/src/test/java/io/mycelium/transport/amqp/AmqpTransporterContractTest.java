package io.mycelium.transport.amqp;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import io.mycelium.transport.testkit.BalancedModeTransporter;
import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.TransporterContractSuite;
import java.net.URI;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;

/** The transporter contract on the shared RabbitMQ (127.0.0.1:5672, guest/guest), in balanced mode. */
class AmqpTransporterContractTest extends TransporterContractSuite {

    @BeforeAll
    static void rabbitIsUp() {
        BrokerProcess.requireListening("RabbitMQ", 5672);
    }

    @Override
    protected Transporter newTransporter() {
        TransporterProvider provider = ServiceLoader.load(TransporterProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("amqp"))
                .findFirst()
                .orElseThrow();
        return new BalancedModeTransporter(provider.create(URI.create(Rabbit.URL)));
    }
}
