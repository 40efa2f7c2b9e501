package io.mycelium.transport.nats;

import io.mycelium.spi.Transporter;
import io.mycelium.transport.testkit.MeshContractSuite;
import io.mycelium.transport.testkit.Transporters;

/**
 * The mesh contract (whole brokers: discovery, calls both ways, balanced events by the built-in balancer
 * and by the message broker, broadcast, leave and crash) over NATS on loopback.
 */
class NatsMeshContractTest extends MeshContractSuite {

    @Override
    protected Transporter newTransporter() {
        return Transporters.create("nats://127.0.0.1:4222");
    }
}
