package io.mycelium.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.MeshMeasurement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Prints the call round trip and event rate of two brokers over the shared server (figures, no verdict). */
@Tag("figures")
class RedisMeasurementTest {

    @Test
    void measuresRoundTripAndEventRate() throws Exception {
        BrokerProcess.requireListening("Redis", 6379);
        MeshMeasurement.Result result = MeshMeasurement.run(
                "redis", () -> RedisTransporter.create(RedisOptions.builder().build()), 5000, 20000);
        assertThat(result.events()).isPositive();
    }
}
