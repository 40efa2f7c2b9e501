package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.spi.Delivery;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ReadPauseTest {

    @Test
    void aConnectionReadsAgainOnlyWhenTheLastOfSeveralPausesResumes() {
        EmbeddedChannel channel = new EmbeddedChannel();
        Delivery delivery = TcpDelivery.of(channel);

        Runnable first = delivery.pushBack().pause().orElseThrow();
        Runnable second = delivery.pushBack().pause().orElseThrow();
        assertThat(channel.config().isAutoRead()).isFalse();

        first.run();
        first.run();
        assertThat(channel.config().isAutoRead())
                .as("resuming twice counts once: the second pause still holds")
                .isFalse();

        second.run();
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void everyPacketOfAConnectionCarriesItsPushBackAndTheNodeItAuthenticatedAs() {
        EmbeddedChannel channel = new EmbeddedChannel();
        Delivery before = TcpDelivery.of(channel);
        assertThat(before.authenticatedNode()).isEmpty();
        assertThat(TcpDelivery.of(channel)).isSameAs(before);

        channel.attr(ConnectionGate.AUTHENTICATED).set("node-a");
        Delivery after = TcpDelivery.of(channel);

        assertThat(after.authenticatedNode()).contains("node-a");
        assertThat(after.pushBack()).as("one pause count per connection").isSameAs(before.pushBack());
        assertThat(TcpDelivery.of(new EmbeddedChannel()).pushBack()).isNotSameAs(before.pushBack());
        channel.finishAndReleaseAll();
    }
}
