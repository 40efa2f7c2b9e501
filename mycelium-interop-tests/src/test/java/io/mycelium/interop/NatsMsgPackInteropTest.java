package io.mycelium.interop;

/** Every issue-4 scenario over NATS with the MsgPack serializer. */
class NatsMsgPackInteropTest extends InteropContract {
    NatsMsgPackInteropTest() {
        super(Transport.NATS, Wire.MSGPACK);
    }
}
