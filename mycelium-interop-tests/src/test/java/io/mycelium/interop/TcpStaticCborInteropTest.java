package io.mycelium.interop;

/** Every issue-4 scenario over brokerless TCP with static URLs with the CBOR serializer, plus a string near the packet limit. */
class TcpStaticCborInteropTest extends InteropContract implements LargePayloadCell {
    TcpStaticCborInteropTest() {
        super(Transport.TCP_STATIC, Wire.CBOR);
    }
}
