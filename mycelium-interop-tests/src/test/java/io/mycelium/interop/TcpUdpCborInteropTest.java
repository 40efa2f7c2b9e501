package io.mycelium.interop;

/** Every issue-4 scenario over brokerless TCP with UDP discovery with the CBOR serializer, plus a string near the packet limit. */
class TcpUdpCborInteropTest extends InteropContract implements LargePayloadCell {
    TcpUdpCborInteropTest() {
        super(Transport.TCP_UDP, Wire.CBOR);
    }
}
