package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Prints the call round trip and event rate of two brokers on {@code memory://} (the in-JVM baseline). */
@Tag("figures")
class MemoryMeasurementTest {

    @Test
    void measuresRoundTripAndEventRate() throws Exception {
        MeshMeasurement.Result result =
                MeshMeasurement.run("memory", () -> Transporters.create("memory://mesh"), 5000, 20000);
        assertThat(result.events()).isPositive();
    }
}
