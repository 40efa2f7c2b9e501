package io.mycelium.interop;

/** The core issue-4 scenarios (see {@link ReducedInteropContract}) over brokerless TCP with static URLs with the MsgPack serializer. */
class TcpStaticMsgPackInteropTest extends ReducedInteropContract {
    TcpStaticMsgPackInteropTest() {
        super(Transport.TCP_STATIC, Wire.MSGPACK);
    }
}
