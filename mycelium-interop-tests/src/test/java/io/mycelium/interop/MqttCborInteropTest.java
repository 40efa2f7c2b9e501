package io.mycelium.interop;

/** The core issue-4 scenarios (see {@link ReducedInteropContract}) over MQTT with the CBOR serializer. */
class MqttCborInteropTest extends ReducedInteropContract {
    MqttCborInteropTest() {
        super(Transport.MQTT, Wire.CBOR);
    }
}
