package io.mycelium.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.BrokerOptions;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A discoverer URL takes the broker's heartbeat settings where it names none (as Moleculer's discoverers). */
class PluginsTest {

    private final BrokerOptions options = ServiceBroker.builder()
            .heartbeatInterval(Duration.ofMillis(1500))
            .heartbeatTimeout(Duration.ofSeconds(6))
            .options();

    @Test
    void aUrlWithoutQueryGetsBoth() {
        assertThat(Plugins.withBrokerHeartbeats("redis://h:6379", options))
                .isEqualTo("redis://h:6379?heartbeatInterval=1500ms&heartbeatTimeout=6000ms");
    }

    @Test
    void aUrlKeepsItsOwnSettingsAndOtherOptions() {
        assertThat(Plugins.withBrokerHeartbeats("redis://h:6379/2?password=x&heartbeatInterval=1s", options))
                .isEqualTo("redis://h:6379/2?password=x&heartbeatInterval=1s&heartbeatTimeout=6000ms");
        assertThat(Plugins.withBrokerHeartbeats("redis://h?heartbeatTimeout=9s&heartbeatInterval=2s", options))
                .isEqualTo("redis://h?heartbeatTimeout=9s&heartbeatInterval=2s");
    }
}
