package io.mycelium.interop;

/** Every issue-4 scenario over Redis with the MsgPack serializer. */
class RedisMsgPackInteropTest extends InteropContract {
    RedisMsgPackInteropTest() {
        super(Transport.REDIS, Wire.MSGPACK);
    }
}
