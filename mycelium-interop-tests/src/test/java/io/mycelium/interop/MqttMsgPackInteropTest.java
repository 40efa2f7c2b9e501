package io.mycelium.interop;

/** Every issue-4 scenario over MQTT with the MsgPack serializer. */
class MqttMsgPackInteropTest extends InteropContract {
    MqttMsgPackInteropTest() {
        super(Transport.MQTT, Wire.MSGPACK);
    }
}
