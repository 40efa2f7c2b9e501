package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the call round trip and event rate of two brokers on the brokerless {@code tcp://} transporter,
 * found by UDP multicast bound to loopback, so it sits in the same table as the broker transporters.
 */
@Tag("figures")
class TcpMeasurementTest {

    @Test
    void measuresRoundTripAndEventRate() throws Exception {
        MeshMeasurement.Result result =
                MeshMeasurement.run("tcp", () -> Transporters.create("tcp://?udpBindAddress=127.0.0.1"), 5000, 20000);
        assertThat(result.events()).isPositive();
    }
}
