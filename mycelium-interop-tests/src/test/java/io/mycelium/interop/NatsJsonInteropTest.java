package io.mycelium.interop;

/** Issue 4 scenarios over NATS with the JSON serializer. */
class NatsJsonInteropTest extends InteropContract {
    NatsJsonInteropTest() {
        super(Transport.NATS, Wire.JSON);
    }
}
