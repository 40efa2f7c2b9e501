package io.mycelium.interop;

/** The core issue-4 scenarios (see {@link ReducedInteropContract}) over Redis with the CBOR serializer. */
class RedisCborInteropTest extends ReducedInteropContract {
    RedisCborInteropTest() {
        super(Transport.REDIS, Wire.CBOR);
    }
}
