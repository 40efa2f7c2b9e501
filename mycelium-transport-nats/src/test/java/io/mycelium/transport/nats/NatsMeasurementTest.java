package io.mycelium.transport.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.MeshMeasurement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Prints the call round trip and event rate of two brokers over the shared server (figures, no verdict). */
@Tag("figures")
class NatsMeasurementTest {

    @Test
    void measuresRoundTripAndEventRate() throws Exception {
        BrokerProcess.requireListening("NATS", 4222);
        MeshMeasurement.Result result = MeshMeasurement.run(
                "nats", () -> NatsTransporter.create(NatsOptions.builder().build()), 5000, 20000);
        assertThat(result.events()).isPositive();
    }
}
