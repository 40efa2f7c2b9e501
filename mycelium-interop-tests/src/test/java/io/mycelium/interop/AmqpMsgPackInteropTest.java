package io.mycelium.interop;

/** Every issue-4 scenario over AMQP (RabbitMQ) with the MsgPack serializer. */
class AmqpMsgPackInteropTest extends InteropContract {
    AmqpMsgPackInteropTest() {
        super(Transport.AMQP, Wire.MSGPACK);
    }
}
