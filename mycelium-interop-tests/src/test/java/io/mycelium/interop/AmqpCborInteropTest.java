package io.mycelium.interop;

/** The core issue-4 scenarios (see {@link ReducedInteropContract}) over AMQP (RabbitMQ) with the CBOR serializer. */
class AmqpCborInteropTest extends ReducedInteropContract {
    AmqpCborInteropTest() {
        super(Transport.AMQP, Wire.CBOR);
    }
}
