package io.mycelium.interop;

/** Every issue-4 scenario over AMQP (RabbitMQ) with the CBOR serializer, plus a string near the packet limit. */
class AmqpCborInteropTest extends InteropContract implements LargePayloadCell {
    AmqpCborInteropTest() {
        super(Transport.AMQP, Wire.CBOR);
    }
}
