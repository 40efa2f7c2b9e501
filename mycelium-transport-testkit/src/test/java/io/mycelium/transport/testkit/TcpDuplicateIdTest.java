package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.mycelium.DuplicateNodeIdException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second instance of a live node id over {@code tcp://} with UDP discovery on loopback (a UDP port of
 * this test's own): it refuses to start whether the live node is alone (it answers the newcomer's beacon
 * with its own) or has peers (a peer answers the newcomer's gossip on the newcomer's own connection with
 * the live node's INFO); the live node logs the impostor, keeps its identity and serves every call once.
 */
class TcpDuplicateIdTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final String url =
            "tcp://?host=127.0.0.1&udpBindAddress=127.0.0.1&gossipPeriod=200ms&udpPort=" + BrokerProcess.freePort();

    @RegisterExtension
    final MeshExtension mesh = MeshExtension.transporter(url);

    private final AtomicInteger handled = new AtomicInteger();
    private final Service.Builder counter = Service.named("counter").action("hit", ctx -> handled.incrementAndGet());

    @Test
    void aSecondInstanceOfALoneNodeRefusesToStart() throws Exception {
        String id = MeshNodes.nodeId("x");
        ServiceBroker live = mesh.start(id, o -> {}, x -> x.register(counter));

        refusedWhileTheLiveOneLogsIt(id);

        ServiceBroker client = mesh.start("client", x -> {});
        servesEveryCallOnce(client, live);
    }

    @Test
    void aSecondInstanceOfANodeWithPeersRefusesToStart() throws Exception {
        ServiceBroker peer = mesh.start("peer", x -> {});
        String id = MeshNodes.nodeId("x");
        ServiceBroker live = mesh.start(id, o -> {}, x -> x.register(counter));
        peer.waitForServices(PATIENCE, "counter").get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

        refusedWhileTheLiveOneLogsIt(id);

        servesEveryCallOnce(peer, live);
    }

    private void refusedWhileTheLiveOneLogsIt(String id) {
        try (LogCapture errors = LogCapture.errors()) {
            Throwable refused = catchThrowable(() -> mesh.start(id, o -> {}, x -> x.register(counter)));

            assertThat(refused).isInstanceOf(DuplicateNodeIdException.class).hasMessageContaining("'" + id + "'");
            await().atMost(PATIENCE).until(() -> errors.any(id));
        }
    }

    private void servesEveryCallOnce(ServiceBroker caller, ServiceBroker live) throws Exception {
        caller.waitForServices(PATIENCE, "counter").get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < 50; i++) {
            caller.call("counter.hit", null).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }
        await().during(Duration.ofMillis(300)).atMost(PATIENCE).until(() -> handled.get() == 50);
        assertThat(live.running()).isTrue();
    }
}
