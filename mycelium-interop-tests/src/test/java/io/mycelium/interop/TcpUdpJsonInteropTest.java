package io.mycelium.interop;

/** Every issue-4 scenario over brokerless TCP with UDP discovery with the JSON serializer. */
class TcpUdpJsonInteropTest extends InteropContract {
    TcpUdpJsonInteropTest() {
        super(Transport.TCP_UDP, Wire.JSON);
    }
}
