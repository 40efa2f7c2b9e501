package io.mycelium.interop;

/** Every issue-4 scenario over AMQP (RabbitMQ) with the CBOR serializer. */
class AmqpCborInteropTest extends InteropContract {
    AmqpCborInteropTest() {
        super(Transport.AMQP, Wire.CBOR);
    }
}
