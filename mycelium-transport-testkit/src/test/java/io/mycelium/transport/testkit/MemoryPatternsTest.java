package io.mycelium.transport.testkit;

import io.mycelium.spi.Transporter;

/** The communication patterns on the in-JVM {@code memory://} transporter. */
class MemoryPatternsTest extends PatternsContractSuite {

    @Override
    protected Transporter newTransporter(String nodeId, int index) {
        return Transporters.create("memory://patterns");
    }
}
