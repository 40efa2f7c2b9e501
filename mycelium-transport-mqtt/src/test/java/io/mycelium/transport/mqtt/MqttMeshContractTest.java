package io.mycelium.transport.mqtt;

import io.mycelium.spi.Transporter;
import io.mycelium.transport.testkit.MeshContractSuite;
import io.mycelium.transport.testkit.Transporters;

/**
 * The mesh contract (whole brokers: discovery, calls both ways, balanced events by the built-in balancer
 * and by the message broker, broadcast, leave and crash) over Mosquitto (MQTT) on loopback, broker balancing through shared subscriptions.
 */
class MqttMeshContractTest extends MeshContractSuite {

    @Override
    protected Transporter newTransporter() {
        return Transporters.create(Mosquitto.URL);
    }
}
