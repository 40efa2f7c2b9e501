package io.mycelium.transport.amqp;

import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.StreamMeasurement;
import org.junit.jupiter.api.Test;

/** 64 MiB each way through the shared RabbitMQ server with MsgPack: whole, digest for digest, bounded. */
class AmqpStreamTest {

    @Test
    void movesSixtyFourMebibytesEachWayIntact() throws Exception {
        BrokerProcess.requireListening("RabbitMQ", 5672);
        StreamMeasurement.runAndCheck("amqp+msgpack", Rabbit.URL, 64L << 20);
    }
}
