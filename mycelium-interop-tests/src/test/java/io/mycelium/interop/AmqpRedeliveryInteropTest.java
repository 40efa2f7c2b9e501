package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.mycelium.CallOptions;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.transport.testkit.BrokerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AMQP with the message broker balancing on both sides ({@code disableBalancer}): a balanced request a
 * Moleculer worker took is redelivered by RabbitMQ to a Java worker when the Moleculer node is SIGKILLed
 * mid-handler (Moleculer acknowledges after its handler), and the Java worker answers and acknowledges it.
 */
class AmqpRedeliveryInteropTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String URL = "amqp://guest:guest@127.0.0.1:5672";

    @BeforeAll
    static void rabbitIsUp() {
        BrokerProcess.requireListening("RabbitMQ", 5672);
    }

    @Test
    void aBalancedRequestWhoseMoleculerWorkerDiedIsAnsweredByAJavaWorker() throws Exception {
        Cell cell = new Cell(Transport.AMQP, Wire.JSON);
        String ns = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String queue = "MOL-" + ns + ".REQB.shared.slow";
        String workerId = "java-worker-" + ns;
        Transport.Member nodeMember = new Transport.Member("node-" + ns, BrokerProcess.freePort());
        Map<String, String> env =
                new java.util.HashMap<>(Mesh.nodeEnv(cell, ns, nodeMember, List.of(nodeMember), "shared"));
        env.put("MOL_DISABLE_BALANCER", "true");
        try (ServiceBroker caller = balancedJava("java-caller-" + ns, ns);
                ServiceBroker worker = balancedJava(workerId, ns);
                NodePeer node = NodePeer.start(env)) {
            caller.start();
            caller.waitForServices(PATIENCE, "shared").join();

            // The handler outlasts the wait below: the message stays unacknowledged until the kill. (With a
            // 5 s handler, a loaded CI machine, where one rabbitmqctl call takes several seconds, could miss the
            // window; Moleculer had answered and acked, and the queue then read "0\t0" for good.)
            CompletableFuture<String> call = caller.call(
                    "shared.slow",
                    Map.of("ms", 2 * PATIENCE.toMillis()),
                    CallOptions.builder().timeout(PATIENCE).build(),
                    String.class);
            await().atMost(PATIENCE).until(() -> queueCounts(queue), "0\t1"::equals); // Moleculer holds it
            node.kill();

            worker.register(
                    Service.named("shared").action("whoami", ctx -> workerId).action("slow", ctx -> workerId));
            worker.start();

            assertThat(call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(workerId);
            await().atMost(PATIENCE).until(() -> queueCounts(queue).equals("0\t0")); // acknowledged by Java
        } finally {
            deleteQueue(queue); // after the Java worker stopped consuming it (else it logs a cancelled consumer)
        }
    }

    private static ServiceBroker balancedJava(String nodeId, String ns) {
        return ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(ns)
                .transporter(URL)
                .disableBalancer(true)
                .requestTimeout(PATIENCE)
                .gracefulStopTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** "ready<TAB>unacknowledged" of one queue, from rabbitmqctl. */
    private static String queueCounts(String queue) {
        for (String line : ctl("list_queues", "name", "messages_ready", "messages_unacknowledged")
                .split("\n")) {
            if (line.startsWith(queue + "\t")) {
                return line.substring(queue.length() + 1).strip();
            }
        }
        return "missing";
    }

    /** Best-effort clean-up: never hides the test's own failure. */
    private static void deleteQueue(String queue) {
        try {
            ctl("delete_queue", queue);
        } catch (AssertionError e) {
            // the queue was never made, or rabbitmqctl failed: nothing to clean up or nothing more to do
        }
    }

    private static String ctl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return fail("rabbitmqctl " + String.join(" ", args) + " timed out");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                return fail("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            return fail("rabbitmqctl is not runnable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }
}
