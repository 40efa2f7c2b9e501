package io.mycelium.interop;

/** Every issue-4 scenario over Redis with the CBOR serializer, plus a string near the packet limit. */
class RedisCborInteropTest extends InteropContract implements LargePayloadCell {
    RedisCborInteropTest() {
        super(Transport.REDIS, Wire.CBOR);
    }
}
