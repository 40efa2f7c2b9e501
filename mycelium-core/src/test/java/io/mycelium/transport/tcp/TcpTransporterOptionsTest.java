package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpTransporterOptionsTest {

    @Test
    void defaultsAreMoleculers() {
        TcpTransporterOptions o = TcpTransporterOptions.fromUrl("tcp://");
        assertThat(o.port()).isZero();
        assertThat(o.udpDiscovery()).isTrue();
        assertThat(o.udpPort()).isEqualTo(4445);
        assertThat(o.udpMulticast()).contains("239.0.0.0");
        assertThat(o.udpMulticastTtl()).isEqualTo(1);
        assertThat(o.udpPeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.gossipPeriod()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.maxConnections()).isEqualTo(128);
        assertThat(o.connectionsPerPeer()).isEqualTo(1);
        assertThat(o.maxPacketSize()).isEqualTo(1024 * 1024);
        assertThat(o.keys()).isEmpty();
        assertThat(o.tls()).isEmpty();
    }

    @Test
    void boundsHaveSaneDefaultsAndComeFromTheQuery() {
        TcpTransporterOptions d = TcpTransporterOptions.defaults();
        assertThat(d.maxInboundConnections()).isEqualTo(1024);
        assertThat(d.maxInboundConnectionsPerAddress()).isEqualTo(256);
        assertThat(d.maxBufferedFrameBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(d.handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.frameIdleTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(d.frameTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.maxUnconfirmedPeers()).isEqualTo(64);
        // a stalled frame is closed within a minute with the defaults, with the sweep's second to spare
        assertThat(d.frameIdleTimeout().plusSeconds(1)).isLessThan(Duration.ofMinutes(1));

        TcpTransporterOptions o = TcpTransporterOptions.fromUrl("tcp://?maxInboundConnections=10"
                + "&maxInboundConnectionsPerAddress=3&maxBufferedFrameBytes=4096&frameIdleTimeout=2s"
                + "&frameTimeout=500ms&maxUnconfirmedPeers=7");
        assertThat(o.maxInboundConnections()).isEqualTo(10);
        assertThat(o.maxInboundConnectionsPerAddress()).isEqualTo(3);
        assertThat(o.maxBufferedFrameBytes()).isEqualTo(4096);
        assertThat(o.frameIdleTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.frameTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.maxUnconfirmedPeers()).isEqualTo(7);
        assertThat(o.toBuilder().build().maxBufferedFrameBytes()).isEqualTo(4096);
        assertThatThrownBy(() -> TcpTransporterOptions.fromUrl("tcp://?maxInboundConnections=0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxInboundConnections");
    }

    @Test
    void aTrailingSlashIsNoStaticPeer() {
        // ServiceBroker.builder().transporter("tcp://") reaches the provider as the URI "tcp:///".
        TcpTransporterOptions bare = TcpTransporterOptions.fromUrl("tcp:///");
        assertThat(bare.urls()).isEmpty();
        assertThat(bare.udpDiscovery()).isTrue();
        TcpTransporterOptions listen = TcpTransporterOptions.fromUrl("tcp://127.0.0.1:6500/?udpDiscovery=false");
        assertThat(listen.urls()).isEmpty();
        assertThat(listen.port()).isEqualTo(6500);
        assertThat(listen.udpDiscovery()).isFalse();
    }

    @Test
    void staticUrlsComeFromTheUrlItself() {
        TcpTransporterOptions o =
                TcpTransporterOptions.fromUrl("tcp://127.0.0.1:6001/node-1,tcp://127.0.0.1:6002/node-2");
        assertThat(o.urls()).containsExactly("127.0.0.1:6001/node-1", "tcp://127.0.0.1:6002/node-2");
        assertThat(StaticPeer.all(o))
                .containsExactly(
                        new StaticPeer("node-1", "127.0.0.1", 6001), new StaticPeer("node-2", "127.0.0.1", 6002));
    }

    @Test
    void optionsComeFromTheQuery() {
        TcpTransporterOptions o = TcpTransporterOptions.fromUrl(
                "tcp://?port=7000&udpDiscovery=false&gossipPeriod=0.5s&udpPeriod=500ms&maxPacketSize=2048"
                        + "&urls=127.0.0.1:6001/a,[::1]:6002/b&keys=k1:s1,k2:s2&udpMulticast=239.1.2.3&nodeTimeout=3s"
                        + "&connectionsPerPeer=3");
        assertThat(o.port()).isEqualTo(7000);
        assertThat(o.udpDiscovery()).isFalse();
        assertThat(o.gossipPeriod()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.udpPeriod()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.maxPacketSize()).isEqualTo(2048);
        assertThat(o.nodeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.connectionsPerPeer()).isEqualTo(3);
        assertThat(o.udpMulticast()).isEqualTo(Optional.of("239.1.2.3"));
        assertThat(o.keys()).containsEntry("k1", "s1").containsEntry("k2", "s2");
        assertThat(StaticPeer.all(o))
                .containsExactly(new StaticPeer("a", "127.0.0.1", 6001), new StaticPeer("b", "::1", 6002));
    }

    @Test
    void hostAndPortToListenOn() {
        TcpTransporterOptions o = TcpTransporterOptions.fromUrl("tcp://127.0.0.1:6500");
        assertThat(o.host()).contains("127.0.0.1");
        assertThat(o.port()).isEqualTo(6500);
        assertThat(o.urls()).isEmpty();
    }

    @Test
    void staticUrlsComeFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nodes.txt");
        Files.writeString(file, "tcp://127.0.0.1:6001/n1\n\n127.0.0.1:6002/n2\n# comment\n");
        TcpTransporterOptions o = TcpTransporterOptions.fromUrl("tcp://?urls=file://" + file);
        assertThat(StaticPeer.all(o)).extracting(StaticPeer::nodeId).containsExactly("n1", "n2");
    }

    @Test
    void badUrlsSayWhatIsWrong() {
        assertThatThrownBy(() -> TcpTransporterOptions.fromUrl("tcp://?bogus=1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus");
        assertThatThrownBy(() -> TcpTransporterOptions.fromUrl("tcp://?port=abc"))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> TcpTransporterOptions.fromUrl("tcp://?port=70000"))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> StaticPeer.all(TcpTransporterOptions.fromUrl("tcp://127.0.0.1/x,y")))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> StaticPeer.parse("127.0.0.1:6001")).hasMessageContaining("nodeID");
        assertThatThrownBy(() -> TcpTransporterOptions.fromUrl("nats://x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tlsIsSetFromTheUrl() {
        TcpTransporterOptions o = TcpTransporterOptions.fromUrl(
                "tcp://?tls=true&cert=/etc/m/node.pem&key=/etc/m/node.key&ca=/etc/m/ca.pem&tlsMutual=yes");
        assertThat(o.tls()).hasValueSatisfying(tls -> {
            assertThat(tls.certChain()).isEqualTo(Path.of("/etc/m/node.pem"));
            assertThat(tls.privateKey()).isEqualTo(Path.of("/etc/m/node.key"));
            assertThat(tls.trustedCerts()).contains(Path.of("/etc/m/ca.pem"));
            assertThat(tls.mutual()).isTrue();
        });
        assertThat(TcpTransporterOptions.fromUrl("tcp://?tls=true&cert=c.pem&key=k.pem")
                        .tls())
                .hasValueSatisfying(tls -> assertThat(tls.trustedCerts()).isEmpty());
        assertThatThrownBy(() -> TcpTransporterOptions.fromUrl("tcp://?tls=true&cert=c.pem"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key=");
        assertThatThrownBy(() -> TcpTransporterOptions.fromUrl("tcp://?cert=c.pem&key=k.pem"))
                .hasMessageContaining("needs tls=true");
    }

    @Test
    void theSharedGrammarAppliesOnTcp() {
        TcpTransporterOptions o = TcpTransporterOptions.fromUrl(
                "tcp://?connectTimeout=2s&maxPayload=1MiB&udpMulticastTTL=2&useHostname=no");
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.maxPacketSize()).isEqualTo(1 << 20);
        assertThat(o.udpMulticastTtl()).isEqualTo(2);
        assertThat(o.useHostname()).isFalse();
        assertThat(TcpTransporterOptions.fromUrl("tcp://?connectTimeout=2").connectTimeout())
                .as("a bare number is milliseconds on every scheme")
                .isEqualTo(Duration.ofMillis(2));
        assertThatThrownBy(() -> TcpTransporterOptions.fromUrl("tcp://?gossipPeriod=soon"))
                .isInstanceOf(io.mycelium.spi.UrlOptionException.class)
                .hasMessageContaining("gossipPeriod")
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> TcpTransporterOptions.fromUrl("tcp://?bogus=1"))
                .isInstanceOf(io.mycelium.spi.UrlOptionException.class)
                .hasMessageContaining("known options:")
                .hasMessageContaining("gossipPeriod");
    }

    @Test
    void builderRejectsNonsense() {
        assertThatThrownBy(() -> TcpTransporterOptions.builder().maxPacketSize(3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TcpTransporterOptions.builder().gossipPeriod(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TcpTransporterOptions.builder().key("a:b", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TcpTransporterOptions.builder().urls(List.of("h:1/n")).build().toBuilder()
                        .build()
                        .urls())
                .containsExactly("h:1/n");
    }
}
