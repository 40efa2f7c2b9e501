package io.mycelium.interop;

/** Every issue-4 scenario over Redis with the CBOR serializer. */
class RedisCborInteropTest extends InteropContract {
    RedisCborInteropTest() {
        super(Transport.REDIS, Wire.CBOR);
    }
}
