package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.mycelium.DuplicateNodeIdException;
import io.mycelium.MyceliumException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceNotAvailableException;
import io.mycelium.ServiceNotFoundException;
import io.mycelium.spi.Transporter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract every transporter proves with real {@link ServiceBroker}s on it: discovery, calls both
 * ways, balanced events (exactly one handler per group, with the built-in balancer and with the broker
 * balancing), broadcast events, a payload near the limit, a node leaving gracefully, a node crashing
 * (its transporter dies without DISCONNECT) and a node restarting. Brokerless transporters
 * ({@code memory://}, {@code tcp://}) extend this class; broker transporters extend
 * {@link TransporterContractSuite}, which adds packet-level tests.
 *
 * <p>Each test runs in its own namespace with short heartbeats ({@link MeshNodes#HEARTBEAT}).
 */
public abstract class MeshContractSuite {

    /** How long any single expectation may take before the test fails. */
    protected static final Duration PATIENCE = Duration.ofSeconds(10);

    private static final int EMITS = 300;

    /** The brokers of the running test, in a namespace of its own; stopped after each test. */
    @RegisterExtension
    final MeshExtension mesh = MeshExtension.using(this::newTransporter);

    /** A new, unconnected transporter for one node. Called once for every node a test starts. */
    protected abstract Transporter newTransporter();

    /**
     * A new transporter for the node {@code nodeId}, the {@code index}-th started in the test. Override
     * when nodes need to know each other's addresses (a static TCP mesh seeds from the first node).
     */
    protected Transporter newTransporter(String nodeId, int index) {
        return newTransporter();
    }

    /**
     * True when a live node hears of a second instance of its id over this transporter and logs it (over
     * {@code tcp://} only UDP discovery carries that news to the live node itself).
     */
    protected boolean liveNodeHearsItsDuplicate() {
        return true;
    }

    /** The namespace of the running test. */
    protected final String namespace() {
        return mesh.namespace();
    }

    /** The brokers of the running test. */
    protected final MeshExtension mesh() {
        return mesh;
    }

    /** Waits for a future, failing the test with its cause. */
    protected static <T> T done(CompletableFuture<T> future) {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The error a future ended with, or null when it succeeded; fails the test if it never ends. */
    protected static Throwable errorOf(CompletableFuture<?> future) {
        try {
            future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            return new AssertionError("expected a failure, got success");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause == null ? e : cause;
        } catch (Exception e) {
            throw new AssertionError("the future did not end within " + PATIENCE, e);
        }
    }

    private static Service.Builder greeter(String name) {
        return Service.named(name)
                .action("hello", ctx -> name + ":" + ctx.params().path("name").asText());
    }

    @Test
    void nodesDiscoverEachOtherAndCallBothWays() {
        ServiceBroker a = mesh.start("a", b -> b.register(greeter("alpha")));
        ServiceBroker b = mesh.start("b", x -> x.register(greeter("beta")));

        done(a.waitForServices(PATIENCE, "beta"));
        done(b.waitForServices(PATIENCE, "alpha"));

        assertThat(done(a.call("beta.hello", Map.of("name", "from-a"), String.class)))
                .isEqualTo("beta:from-a");
        assertThat(done(b.call("alpha.hello", Map.of("name", "from-b"), String.class)))
                .isEqualTo("alpha:from-b");
    }

    @Test
    void balancedEventsReachOneHandlerPerGroup() {
        balancedEvents(false);
    }

    @Test
    void balancedEventsReachOneHandlerPerGroupWhenTheBrokerBalances() {
        balancedEvents(true);
    }

    private void balancedEvents(boolean disableBalancer) {
        Set<Integer> workerIds = ConcurrentHashMap.newKeySet();
        Set<Integer> auditIds = ConcurrentHashMap.newKeySet();
        AtomicInteger workerCount = new AtomicInteger();
        AtomicInteger auditCount = new AtomicInteger();
        Service.Builder worker = Service.named("worker")
                .action("ready", ctx -> true)
                .event("job.done", ctx -> {
                    workerIds.add(ctx.data().asInt());
                    workerCount.incrementAndGet();
                });
        Service.Builder audit = Service.named("audit")
                .action("ready", ctx -> true)
                .event("job.done", ctx -> {
                    auditIds.add(ctx.data().asInt());
                    auditCount.incrementAndGet();
                });
        ServiceBroker a = mesh.start(MeshNodes.nodeId("a"), o -> o.disableBalancer(disableBalancer), x -> {});
        mesh.start(MeshNodes.nodeId("b"), o -> o.disableBalancer(disableBalancer), x -> x.register(worker));
        mesh.start(MeshNodes.nodeId("c"), o -> o.disableBalancer(disableBalancer), x -> x.register(worker));
        mesh.start(MeshNodes.nodeId("d"), o -> o.disableBalancer(disableBalancer), x -> x.register(audit));
        done(a.waitForServices(PATIENCE, "worker", "audit"));

        for (int i = 0; i < EMITS; i++) {
            done(a.emit("job.done", i));
        }

        await().atMost(PATIENCE).until(() -> workerCount.get() >= EMITS && auditCount.get() >= EMITS);
        await().during(Duration.ofMillis(500))
                .atMost(PATIENCE)
                .until(() -> workerCount.get() == EMITS && auditCount.get() == EMITS);
        assertThat(workerIds).as("each emit handled once in group worker").hasSize(EMITS);
        assertThat(auditIds).as("each emit handled once in group audit").hasSize(EMITS);
    }

    @Test
    void callsAreSharedAmongInstancesWhenTheBrokerBalances() {
        Service.Builder worker =
                Service.named("worker").action("whoami", ctx -> ctx.broker().nodeId());
        ServiceBroker a = mesh.start(MeshNodes.nodeId("a"), o -> o.disableBalancer(true), x -> {});
        ServiceBroker b = mesh.start(MeshNodes.nodeId("b"), o -> o.disableBalancer(true), x -> x.register(worker));
        ServiceBroker c = mesh.start(MeshNodes.nodeId("c"), o -> o.disableBalancer(true), x -> x.register(worker));
        done(a.waitForServices(PATIENCE, "worker"));
        Set<String> served = ConcurrentHashMap.newKeySet();

        await().atMost(PATIENCE).untilAsserted(() -> {
            for (int i = 0; i < 50; i++) {
                served.add(done(a.call("worker.whoami", null, String.class)));
            }
            assertThat(served).as("every instance serves some calls").contains(b.nodeId(), c.nodeId());
        });
    }

    @Test
    void broadcastEventsReachEveryHandler() {
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        ServiceBroker a = mesh.start("a", x -> {});
        for (String name : new String[] {"b", "c", "d"}) {
            mesh.start(
                    name,
                    x -> x.register(Service.named("listener-" + name)
                            .action("ready", ctx -> true)
                            .event("config.changed", ctx -> counts.computeIfAbsent(name, k -> new AtomicInteger())
                                    .incrementAndGet())));
        }
        done(a.waitForServices(PATIENCE, "listener-b", "listener-c", "listener-d"));

        for (int i = 0; i < 50; i++) {
            done(a.broadcast("config.changed", i));
        }

        await().during(Duration.ofMillis(500)).atMost(PATIENCE).untilAsserted(() -> {
            for (String name : new String[] {"b", "c", "d"}) {
                assertThat(counts.getOrDefault(name, new AtomicInteger()).get())
                        .as(name)
                        .isEqualTo(50);
            }
        });
    }

    @Test
    void largePayloadNearTheLimitTravelsBothWays() {
        ServiceBroker a = mesh.start("a", x -> {});
        ServiceBroker b = mesh.start(
                "b",
                x -> x.register(Service.named("echo")
                        .action("blob", ctx -> ctx.params().path("blob").asText())));
        done(a.waitForServices(PATIENCE, "echo"));
        int limit = Math.min(
                Math.min(
                        mesh.transporterOf(a).maxPayloadSize(),
                        mesh.transporterOf(b).maxPayloadSize()),
                4 << 20);
        String blob = "x".repeat(limit - 16 * 1024);

        String back = done(a.call("echo.blob", Map.of("blob", blob), String.class));

        assertThat(back).hasSize(blob.length()).isEqualTo(blob);
    }

    @Test
    void aNodeLeavingGracefullyIsForgottenAtOnce() {
        ServiceBroker a = mesh.start("a", x -> {});
        ServiceBroker b = mesh.start("b", x -> x.register(greeter("beta")));
        done(a.waitForServices(PATIENCE, "beta"));

        b.stop();

        await().atMost(PATIENCE)
                .until(() -> errorOf(a.call("beta.hello", Map.of("name", "x"), String.class))
                        instanceof ServiceNotFoundException);
    }

    @Test
    void aCrashedNodeIsDetectedAndCallsEndTyped() {
        ServiceBroker a = mesh.start("a", x -> {});
        ServiceBroker b = mesh.start("b", x -> x.register(greeter("beta")));
        done(a.waitForServices(PATIENCE, "beta"));

        // the node's transporter dies without a DISCONNECT: peers must notice by themselves
        done(mesh.transporterOf(b).disconnect());

        await().atMost(PATIENCE).untilAsserted(() -> {
            Throwable error = errorOf(a.call("beta.hello", Map.of("name", "x"), String.class));
            assertThat(error).isInstanceOfAny(ServiceNotFoundException.class, ServiceNotAvailableException.class);
        });
    }

    @Test
    void everyCallToACrashingNodeEndsTyped() {
        ServiceBroker a = mesh.start("a", x -> {});
        ServiceBroker b = mesh.start("b", x -> x.register(greeter("beta")));
        done(a.waitForServices(PATIENCE, "beta"));
        CompletableFuture<?>[] calls = new CompletableFuture<?>[40];
        for (int i = 0; i < calls.length; i++) {
            if (i == 20) {
                done(mesh.transporterOf(b).disconnect());
            }
            calls[i] = a.call("beta.hello", Map.of("name", "n" + i), String.class);
        }
        for (CompletableFuture<?> call : calls) {
            try {
                call.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(MyceliumException.class);
            } catch (Exception e) {
                throw new AssertionError("a call did not end", e);
            }
        }
    }

    @Test
    void aSecondNodeWithALiveNodesIdRefusesToStartAndTheLiveOneKeepsServing() {
        AtomicInteger handled = new AtomicInteger();
        Service.Builder counter = Service.named("counter").action("hit", ctx -> handled.incrementAndGet());
        ServiceBroker a = mesh.start("a", x -> {});
        String id = MeshNodes.nodeId("b");
        ServiceBroker live = mesh.start(id, o -> {}, x -> x.register(counter));
        done(a.waitForServices(PATIENCE, "counter"));

        try (LogCapture errors = LogCapture.errors()) {
            Throwable refused = catchThrowable(() -> mesh.start(id, o -> {}, x -> x.register(counter)));

            assertThat(refused).isInstanceOf(DuplicateNodeIdException.class).hasMessageContaining("'" + id + "'");
            assertThat(((DuplicateNodeIdException) refused).duplicateId()).isEqualTo(id);
            if (liveNodeHearsItsDuplicate()) {
                await().atMost(PATIENCE).until(() -> errors.any(id));
            }
        }
        assertThat(live.running()).isTrue();
        for (int i = 0; i < 50; i++) {
            done(a.call("counter.hit", null));
        }
        await().during(Duration.ofMillis(300)).atMost(PATIENCE).until(() -> handled.get() == 50);
        assertThat(a.call("$node.list", null).thenApply(list -> list.findValues("id").stream()
                        .filter(n -> n.asText().equals(id))
                        .count()))
                .as("the live node stays known, once")
                .succeedsWithin(PATIENCE)
                .isEqualTo(1L);
    }

    @Test
    void aRestartedNodeRejoinsTheMesh() {
        ServiceBroker a = mesh.start("a", x -> {});
        String bId = MeshNodes.nodeId("b");
        ServiceBroker b = mesh.start(bId, o -> {}, x -> x.register(greeter("beta")));
        done(a.waitForServices(PATIENCE, "beta"));
        b.stop();
        await().atMost(PATIENCE)
                .until(() -> errorOf(a.call("beta.hello", Map.of("name", "x"), String.class))
                        instanceof ServiceNotFoundException);

        mesh.start(bId, o -> {}, x -> x.register(greeter("beta")));

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(done(a.call("beta.hello", Map.of("name", "again"), String.class)))
                        .isEqualTo("beta:again"));
    }
}
