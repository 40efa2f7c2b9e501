package io.mycelium.interop;

/** Every issue-4 scenario over NATS with the JSON serializer. */
class NatsJsonInteropTest extends InteropContract {
    NatsJsonInteropTest() {
        super(Transport.NATS, Wire.JSON);
    }
}
