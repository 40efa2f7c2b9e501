package io.mycelium.transport.amqp;

import io.mycelium.spi.Transporter;
import io.mycelium.transport.testkit.MeshContractSuite;
import io.mycelium.transport.testkit.Transporters;

/**
 * The mesh contract (whole brokers: discovery, calls both ways, balanced events by the built-in balancer
 * and by the message broker, broadcast, leave and crash) over RabbitMQ (AMQP 0-9-1) on loopback.
 */
class AmqpMeshContractTest extends MeshContractSuite {

    @Override
    protected Transporter newTransporter() {
        return Transporters.create(Rabbit.URL);
    }
}
