package io.mycelium.interop;

/** Every issue-4 scenario over brokerless TCP with static URLs with the MsgPack serializer. */
class TcpStaticMsgPackInteropTest extends InteropContract {
    TcpStaticMsgPackInteropTest() {
        super(Transport.TCP_STATIC, Wire.MSGPACK);
    }
}
