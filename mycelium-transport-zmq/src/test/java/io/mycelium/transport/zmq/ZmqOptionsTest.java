package io.mycelium.transport.zmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mycelium.spi.UrlOptionException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ZmqOptionsTest {

    @Test
    void defaultsListenOnEveryInterfaceOnAnyPort() {
        ZmqOptions o = ZmqOptions.fromUrl(URI.create("zmq:///"));
        assertThat(o.host()).isEqualTo("*");
        assertThat(o.port()).isZero();
        assertThat(o.maxPayload()).isEqualTo(16 << 20);
        assertThat(o.sendQueue()).isEqualTo(10_000);
        assertThat(o.beacons().udpPort()).isEqualTo(4445);
    }

    @Test
    void optionsFollowTheSharedGrammar() {
        ZmqOptions o = ZmqOptions.fromUrl(URI.create("zmq://127.0.0.1:7100?maxPayload=1MiB&sendQueue=50"
                + "&heartbeat=500ms&heartbeatTimeout=2s&discoveryWait=0.2s&udpPort=4600&udpBindAddress=127.0.0.1"
                + "&keys=k1:s1&udpPeriod=1s&maxPeers=8"));
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.port()).isEqualTo(7100);
        assertThat(o.maxPayload()).isEqualTo(1 << 20);
        assertThat(o.sendQueue()).isEqualTo(50);
        assertThat(o.heartbeat()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.discoveryWait()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.maxPeers()).isEqualTo(8);
        assertThat(o.beacons().udpPort()).isEqualTo(4600);
        assertThat(o.beacons().udpBindAddress()).contains("127.0.0.1");
        assertThat(o.beacons().udpPeriod()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.beacons().keys()).containsEntry("k1", "s1");
    }

    @Test
    void badOptionsAreRefusedTyped() {
        assertThatThrownBy(() -> ZmqOptions.fromUrl(URI.create("zmq:///?gossipPeriod=1s")))
                .isInstanceOf(UrlOptionException.class)
                .hasMessageContaining("Unknown option 'gossipPeriod'")
                .hasMessageContaining("sendQueue");
        assertThatThrownBy(() -> ZmqOptions.fromUrl(URI.create("zmq:///?maxPayload=huge")))
                .isInstanceOf(UrlOptionException.class)
                .hasMessageContaining("maxPayload");
        assertThatThrownBy(() -> ZmqOptions.fromUrl(URI.create("zmq:///?udpDiscovery=false")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UDP beacons");
        assertThatThrownBy(() -> ZmqOptions.fromUrl(URI.create("tcp:///")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMeshKeyDerivesOneCurveKeyPairAndAnotherKeyAnother() {
        MeshCurve a = MeshCurve.derive("secret");
        assertThat(a.publicKey())
                .hasSize(32)
                .isEqualTo(MeshCurve.derive("secret").publicKey());
        assertThat(a.secretKey()).hasSize(32);
        assertThat(MeshCurve.derive("other").publicKey()).isNotEqualTo(a.publicKey());
    }
}
