package io.mycelium.interop;

/** The core issue-4 scenarios (see {@link ReducedInteropContract}) over brokerless TCP with static URLs with the CBOR serializer. */
class TcpStaticCborInteropTest extends ReducedInteropContract {
    TcpStaticCborInteropTest() {
        super(Transport.TCP_STATIC, Wire.CBOR);
    }
}
