package io.mycelium.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.mycelium.protocol.PacketType;
import java.net.URI;
import org.junit.jupiter.api.Test;

class MqttOptionsTest {

    @Test
    void readsCredentialsQosAndDefaults() {
        MqttOptions o = MqttOptions.parse(URI.create("mqtts://robot:s%40cret@broker.local?qos=1"));
        assertThat(o.tls()).isTrue();
        assertThat(o.port()).isEqualTo(8883);
        assertThat(o.username()).hasValue("robot");
        assertThat(o.password()).hasValue("s@cret");
        assertThat(o.qos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(o.toString()).doesNotContain("s@cret");

        MqttOptions plain = MqttOptions.parse(URI.create("mqtt://127.0.0.1"));
        assertThat(plain.port()).isEqualTo(1883);
        assertThat(plain.qos()).as("Moleculer's default").isEqualTo(MqttQos.AT_MOST_ONCE);
        assertThat(plain.username()).isEmpty();
        assertThat(plain.keepAliveSeconds())
                .as("short, for the last will of a silent node")
                .isEqualTo(10);
        assertThat(plain.circuitThreshold()).isEqualTo(3);
        assertThat(MqttOptions.parse(URI.create("mqtt://h?circuitThreshold=7")).circuitThreshold())
                .isEqualTo(7);
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> MqttOptions.parse(URI.create("mqtt://h?qos=2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qos");
        assertThatThrownBy(() -> MqttOptions.parse(URI.create("mqtt://h?retain=true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown option 'retain'");
    }

    @Test
    void theSharedGrammarAndNamesApply() {
        MqttOptions o = MqttOptions.parse(
                URI.create("mqtt://h?connectTimeout=2s&maxReconnectAttempts=4&maxReconnectDelay=1m&maxPayload=1MiB"));
        assertThat(o.connectTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(o.reconnectAttempts()).isEqualTo(4);
        assertThat(o.reconnectMaxDelay()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(o.maxPayload()).isEqualTo(1 << 20);
        MqttOptions old = MqttOptions.parse(URI.create("mqtt://h?reconnectAttempts=2&reconnectMaxDelay=700"));
        assertThat(old.reconnectAttempts()).as("the old spelling still reads").isEqualTo(2);
        assertThat(old.reconnectMaxDelay()).isEqualTo(java.time.Duration.ofMillis(700));
        assertThatThrownBy(() -> MqttOptions.parse(URI.create("mqtt://h?connectTimeout=soon")))
                .isInstanceOf(io.mycelium.spi.UrlOptionException.class)
                .hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void topicsAreMoleculersWithADotSeparator() {
        MqttTopics topics = new MqttTopics("dev", "n1");
        assertThat(topics.topic(PacketType.HEARTBEAT)).isEqualTo("MOL-dev.HEARTBEAT");
        assertThat(topics.topic(PacketType.REQUEST, "n2")).isEqualTo("MOL-dev.REQ.n2");
        assertThat(topics.subscriptions())
                .containsExactlyInAnyOrder(
                        "MOL-dev.EVENT.n1",
                        "MOL-dev.REQ.n1",
                        "MOL-dev.RES.n1",
                        "MOL-dev.DISCOVER",
                        "MOL-dev.DISCOVER.n1",
                        "MOL-dev.INFO",
                        "MOL-dev.INFO.n1",
                        "MOL-dev.DISCONNECT",
                        "MOL-dev.HEARTBEAT",
                        "MOL-dev.PING",
                        "MOL-dev.PING.n1",
                        "MOL-dev.PONG.n1");
        assertThat(topics.typeOf("MOL-dev.RES.n1")).isEqualTo(PacketType.RESPONSE);
        assertThat(topics.typeOf("MOL-dev.RES.n2")).isNull();
        assertThat(new MqttTopics("", "n1").topic(PacketType.INFO)).isEqualTo("MOL.INFO");
    }
}
