package io.mycelium.interop;

/** Every issue-4 scenario over MQTT with the CBOR serializer. */
class MqttCborInteropTest extends InteropContract {
    MqttCborInteropTest() {
        super(Transport.MQTT, Wire.CBOR);
    }
}
