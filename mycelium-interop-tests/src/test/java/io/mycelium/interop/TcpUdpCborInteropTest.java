package io.mycelium.interop;

/** Every issue-4 scenario over brokerless TCP with UDP discovery with the CBOR serializer. */
class TcpUdpCborInteropTest extends InteropContract {
    TcpUdpCborInteropTest() {
        super(Transport.TCP_UDP, Wire.CBOR);
    }
}
