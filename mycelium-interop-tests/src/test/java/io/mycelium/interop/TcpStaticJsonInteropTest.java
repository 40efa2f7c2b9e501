package io.mycelium.interop;

/** Every issue-4 scenario over brokerless TCP with static URLs with the JSON serializer. */
class TcpStaticJsonInteropTest extends InteropContract {
    TcpStaticJsonInteropTest() {
        super(Transport.TCP_STATIC, Wire.JSON);
    }
}
