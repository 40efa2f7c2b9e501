package io.mycelium.transport.redis;

import io.mycelium.spi.Transporter;
import io.mycelium.transport.testkit.MeshContractSuite;
import io.mycelium.transport.testkit.Transporters;

/**
 * The mesh contract (whole brokers: discovery, calls both ways, balanced events by the built-in balancer
 * and by the message broker, broadcast, leave and crash) over Redis on loopback (which cannot balance: the built-in balancer keeps working).
 */
class RedisMeshContractTest extends MeshContractSuite {

    @Override
    protected Transporter newTransporter() {
        return Transporters.create("redis://127.0.0.1:6379");
    }
}
