package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.internal.transit.DroppedPackets;
import io.mycelium.internal.transit.Transit;
import io.mycelium.protocol.EventPacket;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.protocol.ResponsePacket;
import io.mycelium.spi.Serializer;
import io.mycelium.transport.tcp.TcpTransporterOptions.TlsOptions;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Identity over TCP, attacked from loopback: a hostile peer (a raw socket, holding the mesh key when the
 * mesh has one) forging answers to calls meant for other nodes, sending packets under another node's id,
 * and authenticating under a live node's id.
 */
class TcpIdentityTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Map<String, byte[]> MESH_KEY = Map.of("k1", "s3cret".getBytes(StandardCharsets.UTF_8));
    private static final int CALLS = 20;

    private final String namespace = "t-" + UUID.randomUUID().toString().substring(0, 13);
    private final List<ServiceBroker> brokers = new ArrayList<>();

    @AfterEach
    void stopAll() {
        brokers.forEach(ServiceBroker::stop);
    }

    private record Started(ServiceBroker broker, NettyTcpTransporter transporter) {
        String url() {
            return "127.0.0.1:" + transporter.port() + "/" + broker.nodeId();
        }

        Transit transit() {
            return (Transit) java.util.Objects.requireNonNull(transporter.context());
        }

        Serializer serializer() {
            return transit().serializer();
        }

        long dropped(DroppedPackets.Reason reason) {
            return transit().dropped().count(reason);
        }

        boolean sees(String nodeId) {
            return transit().nodes().stream().anyMatch(n -> n.nodeId().equals(nodeId) && n.available() && !n.local());
        }
    }

    private Started start(String name, UnaryOperator<TcpTransporterOptions.Builder> options, Service... services) {
        return startAs(name + "-" + namespace, options, services);
    }

    private Started startAs(String nodeId, UnaryOperator<TcpTransporterOptions.Builder> options, Service... services) {
        NettyTcpTransporter t = NettyTcpTransporter.create(
                options.apply(TcpTransporterOptions.builder().host("127.0.0.1").udpDiscovery(false))
                        .build());
        ServiceBroker b = ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(namespace)
                .transporter(t)
                .requestTimeout(Duration.ofSeconds(10))
                .gracefulStopTimeout(Duration.ofSeconds(1))
                .build();
        for (Service s : services) {
            b.register(s);
        }
        brokers.add(b);
        b.start();
        return new Started(b, t);
    }

    private static UnaryOperator<TcpTransporterOptions.Builder> keyed(
            UnaryOperator<TcpTransporterOptions.Builder> more) {
        return b -> more.apply(b.key("k1", "s3cret"));
    }

    /** A service whose answers the test releases: it learns each request id, as the worst-case attacker would. */
    private static final class HeldService {
        final Map<String, CompletableFuture<Object>> answers = new ConcurrentHashMap<>();

        Service service() {
            return Service.named("vault")
                    .action("read", ctx -> {
                        CompletableFuture<Object> answer = new CompletableFuture<>();
                        answers.put(ctx.id(), answer);
                        return answer;
                    })
                    .build();
        }

        void release() {
            answers.forEach((id, answer) -> answer.complete("real-" + id));
        }
    }

    /** A raw socket that passes the key handshake as {@code claimedId}. */
    private static RawPeer keyHolder(Started target, String claimedId) throws IOException {
        RawPeer raw = new RawPeer(target.transporter().port());
        KeyHandshake hs =
                new KeyHandshake(MESH_KEY, claimedId, true, target.broker().nodeId());
        raw.write(RawPeer.frame(Frame.AUTH_HELLO, hs.hello()));
        Frame theirHello = raw.readFrame();
        assertThat(theirHello.typeId()).isEqualTo(Frame.AUTH_HELLO);
        try {
            raw.write(RawPeer.frame(
                    Frame.AUTH_PROOF, java.util.Objects.requireNonNull(hs.onHello(theirHello.payload()))));
            hs.onProof(raw.readFrame().payload());
        } catch (KeyHandshake.Refused e) {
            throw new AssertionError(e);
        }
        assertThat(hs.done()).isTrue();
        return raw;
    }

    private static ResponsePacket forged(String sender, String id) {
        return new ResponsePacket(
                sender,
                id,
                true,
                F.textNode("forged"),
                Optional.empty(),
                F.objectNode(),
                F.objectNode(),
                false,
                OptionalInt.empty());
    }

    private static List<CompletableFuture<String>> callVault(Started caller) {
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            calls.add(caller.broker().call("vault.read", null, String.class));
        }
        return calls;
    }

    @Test
    void aKeyHolderCannotAnswerCallsMeantForAnotherNode() throws Exception {
        HeldService vault = new HeldService();
        Started caller = start("caller", keyed(b -> b));
        Started server = start("server", keyed(b -> b.urls(List.of(caller.url()))), vault.service());
        caller.broker().waitForServices(PATIENCE, "vault").get(20, TimeUnit.SECONDS);

        List<CompletableFuture<String>> calls = callVault(caller);
        await().atMost(PATIENCE).until(() -> vault.answers.size() == CALLS);
        try (RawPeer evil = keyHolder(caller, "evil-" + namespace)) {
            for (String id : vault.answers.keySet()) {
                // under its own id (the key holder's honest identity) and under the server's (spoofed)
                evil.send(caller.serializer(), forged("evil-" + namespace, id));
                evil.send(caller.serializer(), forged(server.broker().nodeId(), id));
            }
            await().atMost(PATIENCE)
                    .until(() -> caller.dropped(DroppedPackets.Reason.WRONG_RESPONDER) == CALLS
                            && caller.dropped(DroppedPackets.Reason.SPOOFED_SENDER) == CALLS);
        }
        assertThat(calls).noneMatch(CompletableFuture::isDone);

        vault.release();
        for (CompletableFuture<String> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS)).startsWith("real-");
        }
        assertThat(caller.transit().dropped().total()).isEqualTo(2L * CALLS);
    }

    @Test
    void aKeyHolderCannotSendRequestsOrEventsAsAnotherNode() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Started target = start(
                "target",
                keyed(b -> b),
                Service.named("bank")
                        .action("pay", ctx -> handled.incrementAndGet())
                        .event("bank.audit", ctx -> handled.incrementAndGet())
                        .build());
        Started victim = start("victim", keyed(b -> b.urls(List.of(target.url()))));
        await().atMost(PATIENCE).until(() -> target.sees(victim.broker().nodeId()));

        String as = victim.broker().nodeId();
        try (RawPeer evil = keyHolder(target, "evil-" + namespace)) {
            evil.send(target.serializer(), request(as, "bank.pay"));
            evil.send(target.serializer(), event(as, "bank.audit"));
            await().atMost(PATIENCE).until(() -> target.dropped(DroppedPackets.Reason.SPOOFED_SENDER) == 2);
        }
        // the real node still reaches the handlers: the drop is about the sender, not the packets
        assertThat(victim.broker().call("bank.pay", null, Integer.class).get(10, TimeUnit.SECONDS))
                .isEqualTo(1);
        assertThat(handled).hasValue(1);
    }

    @Test
    void aKeyHolderCannotTakeOverALiveNodesIdButARestartedNodeMayReclaimIt() throws Exception {
        Started caller = start("caller", keyed(b -> b));
        Started server = start(
                "server",
                keyed(b -> b.urls(List.of(caller.url()))),
                Service.named("who").action("am", ctx -> "server-1").build());
        caller.broker().waitForServices(PATIENCE, "who").get(20, TimeUnit.SECONDS);
        String id = server.broker().nodeId();
        long refusedBefore = caller.transporter().refusedConnections();

        try (RawPeer impostor = keyHolder(caller, id)) {
            impostor.send(caller.serializer(), request(id, "who.am"));
            assertThat(impostor.closedByPeer()).isTrue();
        }
        assertThat(caller.transporter().refusedConnections()).isEqualTo(refusedBefore + 1);
        assertThat(caller.sees(id)).isTrue();
        assertThat(caller.broker().call("who.am", null, String.class).get(10, TimeUnit.SECONDS))
                .isEqualTo("server-1");
        assertThat(caller.dropped(DroppedPackets.Reason.SPOOFED_SENDER)).isZero();

        // the real node restarts under the same id: its old connections are gone, the new instance is admitted
        server.broker().stop();
        await().atMost(PATIENCE).until(() -> caller.transporter().authenticatedConnections(id) == 0);
        start(
                "server",
                keyed(b -> b.urls(List.of(caller.url()))),
                Service.named("who").action("am", ctx -> "server-2").build());
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(
                        caller.broker().call("who.am", null, String.class).get(10, TimeUnit.SECONDS))
                .isEqualTo("server-2"));
        assertThat(caller.transporter().refusedConnections()).isEqualTo(refusedBefore + 1);
    }

    @Test
    void withoutKeysARawClientForgingResponsesCompletesNothing() throws Exception {
        HeldService vault = new HeldService();
        Started caller = start("caller", b -> b);
        Started server = start("server", b -> b.urls(List.of(caller.url())), vault.service());
        caller.broker().waitForServices(PATIENCE, "vault").get(20, TimeUnit.SECONDS);

        List<CompletableFuture<String>> calls = callVault(caller);
        await().atMost(PATIENCE).until(() -> vault.answers.size() == CALLS);
        try (RawPeer raw = new RawPeer(caller.transporter().port())) {
            // guessed ids in the old predictable shape, and in the new one
            for (int i = 1; i <= CALLS; i++) {
                raw.send(
                        caller.serializer(),
                        forged(server.broker().nodeId(), caller.broker().nodeId() + "-0-" + i));
                raw.send(
                        caller.serializer(),
                        forged(server.broker().nodeId(), UUID.randomUUID().toString()));
            }
            // the real ids (the worst case), from a sender that is not the node asked
            for (String id : vault.answers.keySet()) {
                raw.send(caller.serializer(), forged("evil-" + namespace, id));
            }
            await().atMost(PATIENCE)
                    .until(() -> caller.dropped(DroppedPackets.Reason.UNKNOWN_REQUEST) == 2L * CALLS
                            && caller.dropped(DroppedPackets.Reason.WRONG_RESPONDER) == CALLS);
        }
        assertThat(calls).noneMatch(CompletableFuture::isDone);
        vault.release();
        for (CompletableFuture<String> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS)).startsWith("real-");
        }
        assertThat(server.broker().nodeId()).isNotEmpty();
    }

    private static RequestPacket request(String sender, String action) {
        return new RequestPacket(
                sender,
                UUID.randomUUID().toString(),
                action,
                F.objectNode(),
                F.objectNode(),
                F.objectNode(),
                5000,
                1,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                OptionalInt.empty());
    }

    private static EventPacket event(String sender, String event) {
        return new EventPacket(
                sender,
                UUID.randomUUID().toString(),
                event,
                F.objectNode(),
                Optional.empty(),
                true,
                F.objectNode(),
                F.objectNode(),
                1,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                false,
                OptionalInt.empty());
    }

    private static Path pem(String name) throws Exception {
        return Path.of(TcpIdentityTest.class.getResource("tls/" + name).toURI());
    }

    /** Mutual TLS with the certificate of {@code node} (its subject CN), trusting the test CA of node ids. */
    private static UnaryOperator<TcpTransporterOptions.Builder> certified(String node) throws Exception {
        TlsOptions tls = TlsOptions.of(pem(node + ".pem"), pem(node + ".key"), pem("ids-ca.pem"), true);
        return b -> b.tls(tls).certificateNodeIds(true);
    }

    @Test
    void withCertificateNodeIdsAPeerWithAValidCertificateCannotSpeakForAnotherNode() throws Exception {
        HeldService vault = new HeldService();
        Started caller = startAs("id-a", certified("id-a"));
        Started server = startAs(
                "id-b",
                o -> {
                    try {
                        return certified("id-b").apply(o).urls(List.of(caller.url()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                vault.service());
        caller.broker().waitForServices(PATIENCE, "vault").get(20, TimeUnit.SECONDS);
        List<CompletableFuture<String>> calls = callVault(caller);
        await().atMost(PATIENCE).until(() -> vault.answers.size() == CALLS);

        // a member of the mesh: its certificate is valid, and names "id-c"
        SSLContext jdk = ((JdkSslContext) SslContextBuilder.forClient()
                        .sslProvider(SslProvider.JDK)
                        .keyManager(pem("id-c.pem").toFile(), pem("id-c.key").toFile())
                        .trustManager(pem("ids-ca.pem").toFile())
                        .build())
                .context();
        SSLSocket socket = (SSLSocket) jdk.getSocketFactory()
                .createSocket("127.0.0.1", caller.transporter().port());
        socket.startHandshake();
        try (RawPeer evil = new RawPeer(socket)) {
            for (String id : vault.answers.keySet()) {
                evil.send(caller.serializer(), forged(server.broker().nodeId(), id));
            }
            evil.send(caller.serializer(), request(server.broker().nodeId(), "vault.read"));
            await().atMost(PATIENCE).until(() -> caller.dropped(DroppedPackets.Reason.SPOOFED_SENDER) == CALLS + 1);
        }
        assertThat(calls).noneMatch(CompletableFuture::isDone);
        vault.release();
        for (CompletableFuture<String> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS)).startsWith("real-");
        }
    }
}
