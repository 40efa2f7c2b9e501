package io.mycelium.interop;

/** The core issue-4 scenarios (see {@link ReducedInteropContract}) over AMQP (RabbitMQ) with the MsgPack serializer. */
class AmqpMsgPackInteropTest extends ReducedInteropContract {
    AmqpMsgPackInteropTest() {
        super(Transport.AMQP, Wire.MSGPACK);
    }
}
