package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.CallOptions;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceNotAvailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Brokers in separate JVMs ({@link MeshNodeMain}) meshing over the TCP transporter with UDP multicast
 * discovery on the loopback interface (the only one tests may use; its own UDP port per class). The three
 * processes and the driver are shared by the tests (each JVM start costs seconds on a loaded machine); the
 * SIGKILL test restarts the node it kills, so the mesh is whole again for the next test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TcpMeshProcessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String namespace = "t-" + UUID.randomUUID().toString().substring(0, 13);
    private final String url = "tcp://?host=127.0.0.1&udpBindAddress=127.0.0.1&udpPort="
            + (20000 + ThreadLocalRandom.current().nextInt(20000));
    private final List<String> ids = List.of("p1-" + namespace, "p2-" + namespace, "p3-" + namespace);
    private final List<NodeProcess> processes = new ArrayList<>();
    private @Nullable ServiceBroker driver;

    @BeforeAll
    void startMesh() throws Exception {
        for (String id : ids) {
            spawn(id);
        }
        for (NodeProcess p : processes) {
            p.awaitReady();
        }
        ServiceBroker d = ServiceBroker.builder()
                .nodeId("driver-" + namespace)
                .namespace(namespace)
                .transporter(url)
                .requestTimeout(Duration.ofSeconds(10))
                .build();
        driver = d;
        d.start();
        ids.forEach(this::awaitCallable);
    }

    @AfterAll
    void stopAll() throws Exception {
        ServiceBroker d = driver;
        if (d != null) {
            d.stop();
        }
        for (NodeProcess p : processes) {
            p.close();
        }
    }

    private NodeProcess spawn(String id) throws Exception {
        NodeProcess p = new NodeProcess(id, namespace, url);
        processes.add(p);
        return p;
    }

    private ServiceBroker driver() {
        return java.util.Objects.requireNonNull(driver);
    }

    private String whoami(String node) throws Exception {
        return driver().call(
                        "echo.whoami", null, CallOptions.builder().nodeId(node).build(), String.class)
                .get(10, TimeUnit.SECONDS);
    }

    private void awaitCallable(String node) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> whoami(node).equals(node));
    }

    @Test
    void threeProcessesFindEachOtherByMulticastAndCallEachOther() throws Exception {
        for (String caller : ids) {
            List<String> others = ids.stream().filter(id -> !id.equals(caller)).toList();
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                @SuppressWarnings("unchecked")
                Map<String, String> answers = driver().call(
                                "echo.callEach",
                                Map.of("nodes", others),
                                CallOptions.builder().nodeId(caller).build(),
                                Map.class)
                        .get(10, TimeUnit.SECONDS);
                assertThat(answers).containsOnlyKeys(others);
                others.forEach(o -> assertThat(answers.get(o)).isEqualTo(o));
            });
        }
    }

    @Test
    void sigkillFailsCallsInFlightFastAndTheRestartedNodeIsUsedAgain() throws Exception {
        String doomed = ids.get(0);
        List<String> survivors = ids.subList(1, ids.size());
        NodeProcess victim = processes.stream()
                .filter(p -> p.nodeId.equals(doomed) && p.isAlive())
                .findFirst()
                .orElseThrow();
        ids.forEach(this::awaitCallable);

        List<CompletableFuture<String>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(driver().call(
                            "echo.slow",
                            Map.of("ms", 20000),
                            CallOptions.builder()
                                    .nodeId(doomed)
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            String.class));
        }
        await().pollDelay(Duration.ofMillis(300)).atMost(PATIENCE).until(() -> true);
        long killed = System.nanoTime();
        victim.kill();

        for (CompletableFuture<String> call : inFlight) {
            try {
                call.get(2, TimeUnit.SECONDS);
                throw new AssertionError("a call to a killed node succeeded");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ServiceNotAvailableException.class);
            } catch (TimeoutException e) {
                throw new AssertionError("a call in flight to the killed node did not fail within 2 s", e);
            }
        }
        long failedAfter = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("calls in flight to a SIGKILLed node failed after " + failedAfter + " ms");

        for (int i = 0; i < 10; i++) {
            assertThat(driver().call("echo.whoami", null, String.class).get(10, TimeUnit.SECONDS))
                    .isIn(survivors);
        }

        spawn(doomed).awaitReady();
        awaitCallable(doomed);
        assertThat(whoami(doomed)).isEqualTo(doomed);
    }
}
