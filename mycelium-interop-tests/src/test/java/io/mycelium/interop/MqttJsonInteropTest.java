package io.mycelium.interop;

/** Every issue-4 scenario over MQTT with the JSON serializer. */
class MqttJsonInteropTest extends InteropContract {
    MqttJsonInteropTest() {
        super(Transport.MQTT, Wire.JSON);
    }
}
