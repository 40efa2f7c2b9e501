package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.mycelium.CallOptions;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.transport.testkit.BrokerProcess;
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
 *
 * <p>The Moleculer handler says when it holds the request ({@code @@HOLDING}), and the queue is read over
 * AMQP: polling {@code rabbitmqctl} for "0 ready, 1 unacknowledged" timed out once on the CI machine with no
 * value read at all, which left nothing to tell a slow tool from a lost request; a timeout now shows the
 * peer's log.
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
        try (Connection admin = adminConnection()) {
            try {
                awaitAnswerFromJavaAfterTheKill(env, ns, workerId);
                // Every consumer is gone: a message the Java worker had not acknowledged would be ready again.
                assertThat(readyMessages(admin, queue)).isZero();
            } finally {
                deleteQueue(admin, queue);
            }
        }
    }

    private static void awaitAnswerFromJavaAfterTheKill(Map<String, String> env, String ns, String workerId)
            throws Exception {
        try (ServiceBroker caller = balancedJava("java-caller-" + ns, ns);
                ServiceBroker worker = balancedJava(workerId, ns);
                NodePeer node = NodePeer.start(env)) {
            caller.start();
            caller.waitForServices(PATIENCE, "shared").join();

            // The handler outlasts the whole test: Moleculer acknowledges after its handler, so the
            // request stays unacknowledged, held by the Moleculer node, until the kill.
            CompletableFuture<String> call = caller.call(
                    "shared.slow",
                    Map.of("ms", 2 * PATIENCE.toMillis()),
                    CallOptions.builder().timeout(PATIENCE).build(),
                    String.class);
            node.awaitLine("HOLDING", PATIENCE);
            node.kill();

            worker.register(
                    Service.named("shared").action("whoami", ctx -> workerId).action("slow", ctx -> workerId));
            worker.start();

            assertThat(call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(workerId);
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

    private static Connection adminConnection() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(URL);
        return factory.newConnection("redelivery-test-admin");
    }

    private static int readyMessages(Connection admin, String queue) throws Exception {
        try (Channel channel = admin.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    private static void deleteQueue(Connection admin, String queue) throws Exception {
        try (Channel channel = admin.createChannel()) {
            channel.queueDelete(queue);
        }
    }
}
