package io.mycelium.interop;

/** Every issue-4 scenario over NATS with the CBOR serializer, plus a string near the packet limit. */
class NatsCborInteropTest extends InteropContract implements LargePayloadCell {
    NatsCborInteropTest() {
        super(Transport.NATS, Wire.CBOR);
    }
}
