package io.mycelium.transport.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.StreamMeasurement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 256 MiB each way through the shared NATS server with MsgPack: both digests match and the receiving
 * stream stays within its buffer (NATS cannot push back, so the reader must keep up or overflow typed).
 */
class NatsStreamTest {

    private static final long SIZE = 256L << 20;

    @Test
    void movesAQuarterGibibyteEachWayIntact() throws Exception {
        BrokerProcess.requireListening("NATS", 4222);
        List<StreamMeasurement.Result> results = StreamMeasurement.run(
                "nats+msgpack",
                (nodeId, index) -> NatsTransporter.create(NatsOptions.builder().build()),
                b -> b.serializer("msgpack"),
                SIZE);
        for (StreamMeasurement.Result r : results) {
            assertThat(r.receivedBytes()).as(r.direction()).isEqualTo(SIZE);
            assertThat(r.receivedSha()).as(r.direction()).isEqualTo(r.sentSha());
            assertThat(r.peakBufferedBytes()).as(r.direction()).isLessThanOrEqualTo(16L << 20);
        }
    }
}
