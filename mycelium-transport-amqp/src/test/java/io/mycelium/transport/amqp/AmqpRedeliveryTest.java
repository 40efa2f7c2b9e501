package io.mycelium.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.mycelium.CallOptions;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Balanced packets are acknowledged when their handler ends: a worker SIGKILLed mid-handler leaves its
 * request or event to RabbitMQ, which redelivers it to the surviving worker (as with Moleculer); a packet
 * no worker can handle is requeued once, then rejected, not requeued forever.
 */
class AmqpRedeliveryTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The victim's hold, ended by its SIGKILL; the survivor is released at once and answers the redelivery. */
    private static final long HANDLER_MILLIS = 30_000;

    @BeforeAll
    static void rabbitIsUp() {
        Rabbit.require();
    }

    @Test
    void aBalancedRequestWhoseWorkerDiesMidHandlerIsAnsweredByTheOtherWorker() throws Exception {
        String namespace = Rabbit.namespace();
        try (ServiceBroker caller = caller(namespace);
                WorkerProcess w1 = new WorkerProcess("w1", namespace, Rabbit.URL);
                WorkerProcess w2 = new WorkerProcess("w2", namespace, Rabbit.URL)) {
            w1.awaitReady();
            w2.awaitReady();
            caller.waitForServices(PATIENCE, "work").join();

            CompletableFuture<String> call = caller.call(
                    "work.slow",
                    Map.of("tag", "r1", "ms", HANDLER_MILLIS),
                    CallOptions.builder().timeout(PATIENCE).build(),
                    String.class);
            WorkerProcess victim = firstToPrint("START r1", w1, w2);
            WorkerProcess survivor = victim == w1 ? w2 : w1;
            victim.kill();
            long killed = System.nanoTime();
            survivor.release("r1");

            assertThat(call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(survivor.nodeId);
            System.out.printf(
                    "AMQP redelivery: request answered by %s %d ms after %s was killed mid-handler%n",
                    survivor.nodeId, (System.nanoTime() - killed) / 1_000_000, victim.nodeId);
            assertThat(victim.printed("DONE r1")).isZero();
            assertThat(survivor.printed("START r1")).isEqualTo(1);
            assertThat(survivor.printed("DONE r1")).isEqualTo(1);
        } finally {
            deleteBalancedQueues(namespace);
        }
    }

    @Test
    void aBalancedEventWhoseWorkerDiesMidHandlerIsHandledOnceByTheOtherWorker() throws Exception {
        String namespace = Rabbit.namespace();
        try (ServiceBroker caller = caller(namespace);
                WorkerProcess w1 = new WorkerProcess("w1", namespace, Rabbit.URL);
                WorkerProcess w2 = new WorkerProcess("w2", namespace, Rabbit.URL)) {
            w1.awaitReady();
            w2.awaitReady();
            caller.waitForServices(PATIENCE, "work").join();

            caller.emit("job.created", Map.of("tag", "e1", "ms", HANDLER_MILLIS))
                    .get(10, TimeUnit.SECONDS);
            WorkerProcess victim = firstToPrint("EVENT-START e1", w1, w2);
            WorkerProcess survivor = victim == w1 ? w2 : w1;
            victim.kill();
            survivor.release("e1");

            await().atMost(PATIENCE).until(() -> survivor.printed("EVENT-DONE e1") == 1);
            // one more call through the same worker: whatever it had queued for e1 has been handled by then
            assertThat(caller.call(
                                    "work.slow",
                                    Map.of("tag", "after", "ms", 0),
                                    CallOptions.builder().timeout(PATIENCE).build(),
                                    String.class)
                            .get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(survivor.nodeId);
            assertThat(victim.printed("EVENT-DONE e1")).isZero();
            assertThat(survivor.printed("EVENT-START e1")).isEqualTo(1);
            assertThat(survivor.printed("EVENT-DONE e1")).isEqualTo(1);
        } finally {
            deleteBalancedQueues(namespace);
        }
    }

    /** The balanced queues are durable and never expire (as Moleculer's): remove this test's own. */
    private static void deleteBalancedQueues(String namespace) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        String prefix = AmqpTopology.prefix(namespace);
        try (Connection connection = factory.newConnection();
                Channel channel = connection.createChannel()) {
            for (String queue : List.of(prefix + ".REQB.work.slow", prefix + ".EVENTB.work.job.created")) {
                channel.queueDelete(queue);
            }
        }
    }

    @Test
    void aPacketNoWorkerCanHandleIsRequeuedOnceThenRejected() throws Exception {
        String namespace = Rabbit.namespace();
        AmqpTransporter transporter = (AmqpTransporter) new AmqpTransporterProvider().create(URI.create(Rabbit.URL));
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        try (ServiceBroker worker = ServiceBroker.builder()
                        .nodeId("worker")
                        .namespace(namespace)
                        .transporter(transporter)
                        .disableBalancer(true)
                        .build();
                Connection connection = factory.newConnection();
                Channel channel = connection.createChannel()) {
            worker.register(Service.named("work").action("slow", ctx -> "never"));
            worker.start();
            String queue = AmqpTopology.prefix(namespace) + ".REQB.work.slow";
            AmqpAcks acks = Objects.requireNonNull(transporter.link()).acks();

            // declared as the worker declares it (it may not have yet: it consumes once its INFO is out)
            channel.queueDeclare(queue, true, false, false, null);
            channel.basicPublish("", queue, null, "not a packet".getBytes(StandardCharsets.UTF_8));

            await().atMost(Duration.ofSeconds(20)).until(() -> acks.rejected() == 1);
            assertThat(acks.requeued())
                    .as("requeued once, on its first delivery")
                    .isEqualTo(1);
            assertThat(acks.acked()).isZero();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> channel.queueDeclarePassive(queue).getMessageCount() == 0);
            worker.stop();
            channel.queueDelete(queue);
        }
    }

    @Test
    void aRequestRedeliveredToTheSameWorkerAfterItsConnectionDroppedIsNotRunTwice() throws Exception {
        String vhost = Rabbit.newVhost();
        String url = Rabbit.URL + "/" + vhost + "?reconnectDelay=100&reconnectMaxDelay=1000";
        String namespace = Rabbit.namespace();
        String workerId = "worker-" + java.util.UUID.randomUUID();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AmqpTransporter transporter = (AmqpTransporter) new AmqpTransporterProvider().create(URI.create(url));
        try (ServiceBroker worker = ServiceBroker.builder()
                        .nodeId(workerId)
                        .namespace(namespace)
                        .transporter(transporter)
                        .disableBalancer(true)
                        .build();
                ServiceBroker caller = ServiceBroker.builder()
                        .nodeId("caller")
                        .namespace(namespace)
                        .transporter(url)
                        .disableBalancer(true)
                        .requestTimeout(PATIENCE)
                        .build()) {
            worker.register(Service.named("work").action("slow", ctx -> {
                runs.incrementAndGet();
                started.countDown();
                release.await();
                return workerId;
            }));
            worker.start();
            caller.start();
            caller.waitForServices(PATIENCE, "work").join();
            AmqpLink link = Objects.requireNonNull(transporter.link());
            AmqpSession before = link.session();
            String queue = AmqpTopology.prefix(namespace) + ".REQB.work.slow";

            CompletableFuture<String> call = caller.call("work.slow", null, String.class);
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            Rabbit.ctl("close_connection", connectionPid("mycelium:" + workerId), "test: the worker's link drops");
            // RabbitMQ requeues the unacknowledged request and hands it to the worker's new connection
            await().atMost(PATIENCE).until(() -> {
                AmqpSession now = link.session();
                return now != null && now != before && queueCounts(vhost, queue).equals("0\t1");
            });
            release.countDown();

            assertThat(call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(workerId);
            await().atMost(PATIENCE).until(() -> queueCounts(vhost, queue).equals("0\t0"));
            assertThat(runs)
                    .as("the redelivered copy waited for the first run instead of running again")
                    .hasValue(1);
        } finally {
            release.countDown();
            Rabbit.deleteVhost(vhost);
        }
    }

    /** The Erlang pid of the one connection named {@code name} (its {@code connection_name} property). */
    private static String connectionPid(String name) {
        for (String line :
                Rabbit.ctl("list_connections", "pid", "client_properties").split("\n")) {
            if (line.contains("\"" + name + "\"")) {
                return line.substring(0, line.indexOf('\t'));
            }
        }
        throw new AssertionError("no RabbitMQ connection named " + name);
    }

    /** "ready<TAB>unacknowledged" of one queue. */
    private static String queueCounts(String vhost, String queue) {
        for (String line : Rabbit.ctl("list_queues", "-p", vhost, "name", "messages_ready", "messages_unacknowledged")
                .split("\n")) {
            if (line.startsWith(queue + "\t")) {
                return line.substring(queue.length() + 1).strip();
            }
        }
        return "missing";
    }

    private static ServiceBroker caller(String namespace) {
        ServiceBroker caller = ServiceBroker.builder()
                .nodeId("caller")
                .namespace(namespace)
                .transporter(Rabbit.URL)
                .disableBalancer(true)
                .requestTimeout(PATIENCE)
                .build();
        caller.start();
        return caller;
    }

    /** The worker that prints {@code line} first (a balanced packet goes to one of them). */
    private static WorkerProcess firstToPrint(String line, WorkerProcess... workers) {
        List<WorkerProcess> all = List.of(workers);
        await().atMost(PATIENCE).until(() -> all.stream().anyMatch(w -> w.printed(line) > 0));
        return all.stream().filter(w -> w.printed(line) > 0).findFirst().orElseThrow();
    }
}
