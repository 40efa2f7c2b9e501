package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.BrokerDisconnectedException;
import io.mycelium.MyceliumException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.spi.Transporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outages of a broker transporter, against a private broker process the suite kills (SIGKILL) and
 * restarts on the same port mid-traffic. A transporter module extends it with {@link #startBroker()} and
 * {@link #newTransporter(BrokerProcess)} (configured to reconnect quickly, e.g. a 100 ms first delay).
 *
 * <p>It proves: sends during the outage fail fast and typed (never hang, never pile up), the context
 * hears {@code connectionLost} then {@code connectionRestored} exactly once each, subscriptions come back
 * exactly once (no duplicated deliveries), and traffic resumes after the restart.
 */
public abstract class BrokerOutageSuite {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final List<TestNode> nodes = new ArrayList<>();
    private @Nullable BrokerProcess broker;
    private String namespace = "";

    /** Starts a private broker on a free loopback port. */
    protected abstract BrokerProcess startBroker();

    /** A new transporter for the given private broker, reconnecting quickly and without end. */
    protected abstract Transporter newTransporter(BrokerProcess broker);

    /**
     * Checks the error a send failed with during the outage: the retryable
     * {@link BrokerDisconnectedException}, so retry policies and callers can tell an outage apart.
     */
    protected void assertOutageError(@Nullable Throwable error) {
        assertThat(error).isInstanceOf(BrokerDisconnectedException.class);
        if (error instanceof BrokerDisconnectedException disconnected) {
            assertThat(disconnected.retryable()).isTrue();
        }
    }

    @BeforeEach
    final void startPrivateBroker() {
        namespace = "o-" + UUID.randomUUID().toString().substring(0, 13);
        broker = startBroker();
    }

    @AfterEach
    final void stopEverything() {
        for (TestNode node : nodes) {
            try {
                node.transporter().disconnect().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // the verdict is already known
            } finally {
                node.context().close();
            }
        }
        nodes.clear();
        BrokerProcess b = broker;
        if (b != null) {
            b.close();
        }
    }

    /** The private broker of the running test. */
    protected final BrokerProcess broker() {
        BrokerProcess b = broker;
        if (b == null) {
            throw new IllegalStateException("no broker");
        }
        return b;
    }

    private TestNode connect(String name, Map<String, String> events) {
        String nodeId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        RecordingTransportContext context = new RecordingTransportContext(nodeId, namespace);
        if (!events.isEmpty()) {
            context.addService("svc", List.of("svc.work"), events);
        }
        Transporter transporter = newTransporter(broker());
        TestNode node = new TestNode(nodeId, transporter, context);
        nodes.add(node);
        TransporterContractSuite.join(transporter.connect(context));
        return node;
    }

    @Test
    void sendsDuringAnOutageFailFastAndTrafficResumesWithoutDuplicates() throws Exception {
        TestNode a = connect("a", Map.of());
        TestNode b = connect("b", Map.of("job.done", "svc"));
        for (int i = 0; i < 100; i++) {
            TransporterContractSuite.join(a.sendTo(b, PacketType.EVENT, "before-" + i));
        }
        await().atMost(PATIENCE)
                .until(() -> b.context().received(PacketType.EVENT).size() == 100);

        broker().kill();
        await().atMost(PATIENCE)
                .until(() ->
                        a.context().connectionLostCount() == 1 && b.context().connectionLostCount() == 1);

        for (int i = 0; i < 50; i++) {
            CompletableFuture<Void> send = a.sendTo(b, PacketType.EVENT, "during-" + i);
            assertThat(send).as("a send during the outage ends at once").failsWithin(Duration.ofSeconds(2));
            try {
                send.get();
            } catch (ExecutionException e) {
                assertOutageError(e.getCause());
            }
        }

        broker().restart();
        await().atMost(PATIENCE)
                .until(() -> a.context().connectionRestoredCount() == 1
                        && b.context().connectionRestoredCount() == 1);

        for (int i = 0; i < 100; i++) {
            TransporterContractSuite.join(a.sendTo(b, PacketType.EVENT, "after-" + i));
        }
        if (a.transporter().supportsBrokerBalancing()) {
            for (int i = 0; i < 50; i++) {
                TransporterContractSuite.join(
                        a.send(PacketType.EVENT, new Destination.BalancedEvent("svc", "job.done"), "balanced-" + i));
            }
        }
        int expected = 200 + (a.transporter().supportsBrokerBalancing() ? 50 : 0);
        await().atMost(PATIENCE)
                .until(() -> b.context().received(PacketType.EVENT).size() >= expected);
        TransporterContractSuite.barrier(a, b);

        List<String> events = b.context().texts(PacketType.EVENT);
        assertThat(events)
                .as("subscriptions come back exactly once")
                .doesNotHaveDuplicates()
                .hasSize(expected);
        assertThat(events).noneMatch(e -> e.startsWith("during-"));
        assertThat(a.context().connectionLostCount()).isEqualTo(1);
        assertThat(a.context().connectionRestoredCount()).isEqualTo(1);
    }

    @Test
    void everySendMidTrafficEndsTypedAndNothingIsDeliveredTwice() {
        TestNode a = connect("a", Map.of());
        TestNode b = connect("b", Map.of());
        int total = 3000;
        List<CompletableFuture<Void>> sends = new ArrayList<>(total);
        Set<String> knownDown = new HashSet<>();
        for (int i = 0; i < total; i++) {
            if (i == 1000) {
                broker().kill();
            }
            if (i == 1500) {
                // sends 1000..1499 race the client noticing the loss; from here on the loss must be known
                await().atMost(PATIENCE).until(() -> a.context().connectionLostCount() > 0);
            }
            if (i == 2000) {
                broker().restart();
                await().atMost(PATIENCE)
                        .until(() -> a.context().connectionRestoredCount() == 1
                                && b.context().connectionRestoredCount() == 1);
            }
            if (i >= 1000 && i < 2000 && a.context().connectionLostCount() > 0) {
                knownDown.add("m-" + i);
            }
            sends.add(a.sendTo(b, PacketType.EVENT, "m-" + i));
        }
        Set<String> failed = new HashSet<>();
        for (int i = 0; i < total; i++) {
            CompletableFuture<Void> send = sends.get(i);
            try {
                send.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                assertOutageError(e.getCause());
                failed.add("m-" + i);
            } catch (Exception e) {
                throw new AssertionError("send " + i + " did not end", e);
            }
        }
        assertThat(failed).as("sends made once the loss is known all fail").containsAll(knownDown);
        assertThat(knownDown).as("the loss is noticed mid-traffic").isNotEmpty();
        List<Integer> failedAfterRestart = new ArrayList<>();
        for (int i = 2000; i < total; i++) {
            if (sends.get(i).isCompletedExceptionally()) {
                failedAfterRestart.add(i);
            }
        }
        assertThat(failedAfterRestart).as("sends after the restart succeed").isEmpty();
        await().atMost(PATIENCE).until(() -> b.context().texts(PacketType.EVENT).contains("m-2999"));
        TransporterContractSuite.barrier(a, b);
        List<String> events = b.context().texts(PacketType.EVENT);
        assertThat(new HashSet<>(events).size()).as("no delivery twice").isEqualTo(events.size());
        // a send in flight when the broker died may or may not have arrived; a refused one never does
        List<String> late = events.stream().filter(knownDown::contains).toList();
        assertThat(late)
                .as("sends refused during the outage are never delivered later")
                .isEmpty();
        List<String> missing = new ArrayList<>();
        for (int i = 2000; i < total; i++) {
            if (!events.contains("m-" + i)) {
                missing.add("m-" + i);
            }
        }
        assertThat(missing).as("traffic after the restart arrives").isEmpty();
    }

    @Test
    void brokersRideOutABrokerRestart() {
        java.util.Queue<Integer> handled = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (MeshNodes mesh = new MeshNodes(namespace, (id, i) -> newTransporter(broker()))) {
            ServiceBroker a = mesh.start("a", x -> {});
            mesh.start(
                    "b",
                    x -> x.register(Service.named("beta")
                            .action(
                                    "hello",
                                    ctx -> "hi " + ctx.params().path("name").asText())
                            .event("job.done", ctx -> handled.add(ctx.data().asInt()))));
            MeshContractSuite.done(a.waitForServices(PATIENCE, "beta"));
            assertThat(MeshContractSuite.done(a.call("beta.hello", Map.of("name", "x"), String.class)))
                    .isEqualTo("hi x");

            broker().kill();
            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(a.call("beta.hello", Map.of("name", "during"), String.class));
                a.emit("job.done", -1 - i);
            }
            for (CompletableFuture<String> call : calls) {
                Throwable error = MeshContractSuite.errorOf(call);
                assertThat(error).as("a call during the outage ends typed").isInstanceOf(MyceliumException.class);
            }

            broker().restart();
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(
                            MeshContractSuite.done(a.call("beta.hello", Map.of("name", "again"), String.class)))
                    .isEqualTo("hi again"));
            for (int i = 0; i < 100; i++) {
                MeshContractSuite.done(a.emit("job.done", i));
            }
            await().atMost(PATIENCE)
                    .until(() -> handled.stream().filter(n -> n >= 0).count() >= 100);
            await().during(Duration.ofMillis(500))
                    .atMost(PATIENCE)
                    .until(() -> handled.stream().filter(n -> n >= 0).count() == 100);
            assertThat(new HashSet<>(handled)).as("no event handled twice").hasSize(handled.size());
        }
    }
}
