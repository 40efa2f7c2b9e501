package io.mycelium.transport.amqp;

import io.mycelium.transport.testkit.NodeCrashSuite;
import org.junit.jupiter.api.BeforeAll;

/**
 * A SIGKILLed node under continuous calls over RabbitMQ, in a private virtual host; the broker "restart"
 * closes every connection of that virtual host (rabbitmqctl, as the outage test does: the shared RabbitMQ
 * cannot be killed).
 */
class AmqpNodeCrashTest extends NodeCrashSuite {

    @BeforeAll
    static void rabbitIsUp() {
        Rabbit.require();
    }

    @Override
    protected TestBroker startBroker() {
        String vhost = Rabbit.newVhost();
        return new TestBroker() {
            @Override
            public String url() {
                return Rabbit.URL + "/" + vhost + "?reconnectDelay=50&reconnectMaxDelay=200";
            }

            @Override
            public void down() {
                Rabbit.ctl("close_all_connections", "-p", vhost, "broker restart test");
            }

            @Override
            public void up() {
                // the broker never went away: clients reconnect at once
            }

            @Override
            public boolean staysDown() {
                return false;
            }

            @Override
            public void close() {
                Rabbit.deleteVhost(vhost);
            }
        };
    }

    @Override
    protected String name() {
        return "amqp";
    }
}
