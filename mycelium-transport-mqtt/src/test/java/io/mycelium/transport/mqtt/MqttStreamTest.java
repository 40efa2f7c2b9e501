package io.mycelium.transport.mqtt;

import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.StreamMeasurement;
import org.junit.jupiter.api.Test;

/** 64 MiB each way through the shared MQTT server with MsgPack: whole, digest for digest, bounded. */
class MqttStreamTest {

    @Test
    void movesSixtyFourMebibytesEachWayIntact() throws Exception {
        BrokerProcess.requireListening("MQTT", 1883);
        StreamMeasurement.runAndCheck("mqtt+msgpack", Mosquitto.URL, 64L << 20);
    }
}
