package io.mycelium.transport.mqtt;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import io.mycelium.transport.testkit.BalancedModeTransporter;
import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.TransporterContractSuite;
import java.net.URI;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;

/**
 * The transporter contract on the shared Mosquitto (127.0.0.1:1883), with the built-in balancer disabled so
 * that balanced packets go through MQTT shared subscriptions.
 */
class MqttTransporterContractTest extends TransporterContractSuite {

    @BeforeAll
    static void mosquittoIsUp() {
        BrokerProcess.requireListening("Mosquitto", 1883);
    }

    @Override
    protected Transporter newTransporter() {
        TransporterProvider provider = ServiceLoader.load(TransporterProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("mqtt"))
                .findFirst()
                .orElseThrow();
        return new BalancedModeTransporter(provider.create(URI.create(Mosquitto.URL)));
    }
}
