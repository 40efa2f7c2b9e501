package io.mycelium.interop;

/** Every issue-4 scenario over brokerless TCP with static URLs with the CBOR serializer. */
class TcpStaticCborInteropTest extends InteropContract {
    TcpStaticCborInteropTest() {
        super(Transport.TCP_STATIC, Wire.CBOR);
    }
}
