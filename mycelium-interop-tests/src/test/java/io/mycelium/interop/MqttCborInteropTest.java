package io.mycelium.interop;

/** Every issue-4 scenario over MQTT with the CBOR serializer, plus a string near the packet limit. */
class MqttCborInteropTest extends InteropContract implements LargePayloadCell {
    MqttCborInteropTest() {
        super(Transport.MQTT, Wire.CBOR);
    }
}
