package io.mycelium.interop;

/** Every issue-4 scenario over AMQP (RabbitMQ) with the JSON serializer. */
class AmqpJsonInteropTest extends InteropContract {
    AmqpJsonInteropTest() {
        super(Transport.AMQP, Wire.JSON);
    }
}
