package io.mycelium.interop;

/** The core issue-4 scenarios (see {@link ReducedInteropContract}) over Redis with the MsgPack serializer. */
class RedisMsgPackInteropTest extends ReducedInteropContract {
    RedisMsgPackInteropTest() {
        super(Transport.REDIS, Wire.MSGPACK);
    }
}
