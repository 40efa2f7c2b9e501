package io.mycelium.transport.testkit;

import io.mycelium.spi.Transporter;

/** The mesh contract on the in-JVM {@code memory://} transporter. */
class MemoryMeshContractTest extends MeshContractSuite {

    @Override
    protected Transporter newTransporter() {
        return Transporters.create("memory://mesh");
    }
}
