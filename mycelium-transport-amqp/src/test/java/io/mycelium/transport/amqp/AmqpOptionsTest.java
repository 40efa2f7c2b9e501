package io.mycelium.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AmqpOptionsTest {

    @Test
    void readsCredentialsVhostAndDefaultsFromTheUrl() {
        AmqpOptions o = AmqpOptions.parse(URI.create("amqp://us%40er:p%3Ass+w@rabbit.local/my%2Fvhost"));
        assertThat(o.username()).isEqualTo("us@er");
        assertThat(o.password()).isEqualTo("p:ss+w");
        assertThat(o.host()).isEqualTo("rabbit.local");
        assertThat(o.port()).isEqualTo(5672);
        assertThat(o.virtualHost()).isEqualTo("my/vhost");
        assertThat(o.tls()).isFalse();
        assertThat(o.prefetch()).isEqualTo(1);
        assertThat(o.queueExpiresMs()).hasValue(120_000);
        assertThat(o.eventTtlMs()).isEmpty();
        assertThat(o.toString()).doesNotContain("p:ss");
    }

    @Test
    void amqpsDefaultsToPort5671AndGuestOnTheDefaultVhost() {
        AmqpOptions o = AmqpOptions.parse(URI.create("amqps://127.0.0.1"));
        assertThat(o.tls()).isTrue();
        assertThat(o.port()).isEqualTo(5671);
        assertThat(o.username()).isEqualTo("guest");
        assertThat(o.virtualHost()).isEqualTo("/");
    }

    @Test
    void readsMoleculerNamedOptions() {
        AmqpOptions o = AmqpOptions.parse(URI.create("amqp://h/?prefetch=5&autoDeleteQueues=false"
                + "&eventTimeToLive=3000&heartbeatTimeToLive=1000&reconnectAttempts=3&reconnectDelay=50"));
        assertThat(o.prefetch()).isEqualTo(5);
        assertThat(o.queueExpiresMs()).isEmpty();
        assertThat(o.eventTtlMs()).hasValue(3000);
        assertThat(o.heartbeatTtlMs()).hasValue(1000);
        assertThat(o.reconnectAttempts()).isEqualTo(3);
        assertThat(o.reconnectDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(o.probeInterval()).as("default").isEqualTo(Duration.ofSeconds(1));
        assertThat(o.circuitThreshold()).as("default").isEqualTo(3);
        AmqpOptions probing = AmqpOptions.parse(URI.create("amqp://h?probeInterval=300&circuitThreshold=2"));
        assertThat(probing.probeInterval()).isEqualTo(Duration.ofMillis(300));
        assertThat(probing.circuitThreshold()).isEqualTo(2);
        assertThat(AmqpOptions.parse(URI.create("amqp://h?autoDeleteQueues=60000"))
                        .queueExpiresMs())
                .hasValue(60_000);
    }

    @Test
    void backOffDoublesUpToTheCap() {
        AmqpOptions o = AmqpOptions.parse(URI.create("amqp://h?reconnectDelay=100&reconnectMaxDelay=500"));
        assertThat(o.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(o.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(o.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(o.backoff(4)).isEqualTo(Duration.ofMillis(500));
        assertThat(o.backoff(1000)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void badUrlsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> AmqpOptions.parse(URI.create("amqp://h?prefetsh=2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown option 'prefetsh'");
        assertThatThrownBy(() -> AmqpOptions.parse(URI.create("amqp://h?prefetch=zero")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefetch");
        assertThatThrownBy(() -> AmqpOptions.parse(URI.create("amqp://h?prefetch=0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1");
        assertThatThrownBy(() -> AmqpOptions.parse(URI.create("nats://h")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AmqpOptions.parse(URI.create("amqp://h/a/b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("%2F");
    }

    @Test
    void theProviderServesBothSchemesThroughTheServiceLoader() {
        assertThat(java.util.ServiceLoader.load(io.mycelium.spi.TransporterProvider.class).stream()
                        .map(java.util.ServiceLoader.Provider::get)
                        .filter(p -> p.schemes().contains("amqp") && p.schemes().contains("amqps")))
                .hasSize(1);
    }

    @Test
    void theSharedGrammarAndNamesApply() {
        AmqpOptions o = AmqpOptions.parse(URI.create("amqp://h?connectTimeout=2s&maxReconnectAttempts=3"
                + "&maxReconnectDelay=10s&maxPayload=2MiB&autoDeleteQueues=2m&eventTimeToLive=5s"));
        assertThat(o.connectTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(o.reconnectAttempts()).isEqualTo(3);
        assertThat(o.reconnectMaxDelay()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(o.maxPayload()).isEqualTo(2 << 20);
        assertThat(o.queueExpiresMs()).hasValue(120_000);
        assertThat(o.eventTtlMs()).hasValue(5_000);
        assertThatThrownBy(() -> AmqpOptions.parse(URI.create("amqp://h?maxPayload=2XB")))
                .isInstanceOf(io.mycelium.spi.UrlOptionException.class)
                .hasMessageContaining("maxPayload");
    }
}
