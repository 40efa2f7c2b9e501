package io.mycelium.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.transport.testkit.RecordingContext;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalancedQueuesTest {
    @Test
    void oneQueuePerActionAndPerEventGroupTheGroupDefaultingToTheService() {
        RecordingContext ctx = new RecordingContext("n1", "dev");
        ctx.services("mail", List.of("mail.send", "mail.status"), List.of("user.created"));
        AmqpTopology topology = new AmqpTopology("dev", "n1", AmqpOptions.parse(URI.create("amqp://h")));

        assertThat(BalancedQueues.of(ctx.localInfo(), topology).keySet())
                .containsExactlyInAnyOrder(
                        "MOL-dev.REQB.mail.send", "MOL-dev.REQB.mail.status", "MOL-dev.EVENTB.mail.user.created");
    }
}
