package io.mycelium.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerHealthTest {

    @Test
    void theTransporterShownKeepsNoPasswordTokenOrKey() {
        assertThat(BrokerHealth.withoutSecrets("amqp://guest:secret@127.0.0.1:5672/vhost?prefetch=1"))
                .isEqualTo("amqp://127.0.0.1:5672");
        assertThat(BrokerHealth.withoutSecrets("nats://tok@10.0.0.1:4222?token=x"))
                .isEqualTo("nats://10.0.0.1:4222");
        assertThat(BrokerHealth.withoutSecrets("tcp://?host=127.0.0.1&keys=a:secret"))
                .isEqualTo("tcp://");
        assertThat(BrokerHealth.withoutSecrets("tcp://10.0.0.1:4000/n1,10.0.0.2:4000/n2"))
                .isEqualTo("tcp://10.0.0.1:4000");
        assertThat(BrokerHealth.withoutSecrets("memory://")).isEqualTo("memory://");
        assertThat(BrokerHealth.withoutSecrets("no url")).isEqualTo("(unparsable)");
    }
}
