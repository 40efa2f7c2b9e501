package io.mycelium.transport.mqtt;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.PatternsContractSuite;
import java.net.URI;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;

/** The communication patterns on the shared Mosquitto on 127.0.0.1:1883. */
class MqttPatternsTest extends PatternsContractSuite {

    @BeforeAll
    static void brokerIsUp() {
        BrokerProcess.requireListening("Mosquitto", 1883);
    }

    @Override
    protected Transporter newTransporter(String nodeId, int index) {
        TransporterProvider provider = ServiceLoader.load(TransporterProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("mqtt"))
                .findFirst()
                .orElseThrow();
        return provider.create(URI.create(Mosquitto.URL));
    }
}
