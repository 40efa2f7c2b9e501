package io.mycelium.interop;

/** Every issue-4 scenario over brokerless TCP with UDP discovery with the MsgPack serializer. */
class TcpUdpMsgPackInteropTest extends InteropContract {
    TcpUdpMsgPackInteropTest() {
        super(Transport.TCP_UDP, Wire.MSGPACK);
    }
}
