package io.mycelium.transport.redis;

import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.StreamMeasurement;
import org.junit.jupiter.api.Test;

/** 64 MiB each way through the shared Redis server with MsgPack: whole, digest for digest, bounded. */
class RedisStreamTest {

    @Test
    void movesSixtyFourMebibytesEachWayIntact() throws Exception {
        BrokerProcess.requireListening("Redis", 6379);
        StreamMeasurement.runAndCheck("redis+msgpack", "redis://127.0.0.1:6379", 64L << 20);
    }
}
