package io.mycelium.interop;

/** Every issue-4 scenario over NATS with the CBOR serializer. */
class NatsCborInteropTest extends InteropContract {
    NatsCborInteropTest() {
        super(Transport.NATS, Wire.CBOR);
    }
}
