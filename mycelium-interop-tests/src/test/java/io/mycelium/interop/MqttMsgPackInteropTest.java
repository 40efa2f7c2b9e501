package io.mycelium.interop;

/** The core issue-4 scenarios (see {@link ReducedInteropContract}) over MQTT with the MsgPack serializer. */
class MqttMsgPackInteropTest extends ReducedInteropContract {
    MqttMsgPackInteropTest() {
        super(Transport.MQTT, Wire.MSGPACK);
    }
}
