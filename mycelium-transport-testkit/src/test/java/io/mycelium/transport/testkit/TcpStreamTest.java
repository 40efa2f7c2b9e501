package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 1 GiB each way over the brokerless TCP transporter with MsgPack, in this JVM's 1 GiB heap: both digests
 * match, and the receiving stream never buffers more than its limit (the TCP transporter pushes back).
 */
class TcpStreamTest {

    private static final long GIB = 1L << 30;

    @Test
    void movesOneGibibyteEachWayWithBoundedMemory() throws Exception {
        int port = BrokerProcess.freePort();
        String[] seed = {""};
        List<StreamMeasurement.Result> results = StreamMeasurement.run(
                "tcp+msgpack",
                (nodeId, index) -> {
                    if (index == 0) {
                        seed[0] = "127.0.0.1:" + port + "/" + nodeId;
                        return Transporters.create(
                                "tcp://127.0.0.1:" + port + "?udpDiscovery=false&gossipPeriod=200ms");
                    }
                    return Transporters.create(
                            "tcp://127.0.0.1:0?udpDiscovery=false&gossipPeriod=200ms&urls=tcp://" + seed[0]);
                },
                b -> b.serializer("msgpack"),
                GIB);
        for (StreamMeasurement.Result r : results) {
            assertThat(r.receivedBytes()).as(r.direction()).isEqualTo(GIB);
            assertThat(r.receivedSha()).as(r.direction()).isEqualTo(r.sentSha());
            assertThat(r.peakBufferedBytes()).as(r.direction()).isLessThanOrEqualTo(16L << 20);
        }
    }
}
