package io.mycelium.transport.amqp;

import io.mycelium.CallOptions;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Balanced calls per second through RabbitMQ with two workers, by {@code prefetch} and handler time: a
 * balanced request is acknowledged when its handler ends, so prefetch bounds the handlers a worker runs at
 * once for one action. Printed, not asserted.
 */
@Tag("figures")
class AmqpBalancedFiguresTest {
    private static final int CALLS = 2000;
    private static final int IN_FLIGHT = 64;

    @BeforeAll
    static void rabbitIsUp() {
        Rabbit.require();
    }

    @Test
    void balancedCallsPerSecondByPrefetch() throws Exception {
        for (int prefetch : new int[] {1, 8, 64}) {
            for (long handlerMillis : new long[] {0, 10}) {
                System.out.printf(
                        "AMQP balanced, 2 workers, prefetch %d, handler %d ms: %.0f calls/s%n",
                        prefetch, handlerMillis, run(prefetch, handlerMillis));
            }
        }
    }

    private static double run(int prefetch, long handlerMillis) throws Exception {
        String ns = Rabbit.namespace();
        String url = Rabbit.URL + "?prefetch=" + prefetch;
        List<ServiceBroker> brokers = new ArrayList<>();
        try {
            for (String id : List.of("w1", "w2")) {
                ServiceBroker w = broker(id, ns, url);
                w.register(Service.named("work").action("job", ctx -> {
                    if (handlerMillis > 0) {
                        Thread.sleep(handlerMillis);
                    }
                    return id;
                }));
                w.start();
                brokers.add(w);
            }
            ServiceBroker caller = broker("caller", ns, url);
            brokers.add(caller);
            caller.start();
            caller.waitForServices(Duration.ofSeconds(30), "work").join();
            Semaphore window = new Semaphore(IN_FLIGHT);
            List<CompletableFuture<String>> calls = new ArrayList<>(CALLS);
            long start = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                window.acquire();
                CompletableFuture<String> c = caller.call(
                        "work.job",
                        null,
                        CallOptions.builder().timeout(Duration.ofSeconds(60)).build(),
                        String.class);
                c.whenComplete((v, e) -> window.release());
                calls.add(c);
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            return CALLS / ((System.nanoTime() - start) / 1e9);
        } finally {
            for (ServiceBroker b : brokers.reversed()) {
                b.stop();
            }
            deleteQueue(AmqpTopology.prefix(ns) + ".REQB.work.job"); // durable, never expires
        }
    }

    private static void deleteQueue(String queue) throws Exception {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        try (com.rabbitmq.client.Connection connection = factory.newConnection();
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            channel.queueDelete(queue);
        }
    }

    private static ServiceBroker broker(String id, String ns, String url) {
        return ServiceBroker.builder()
                .nodeId(id)
                .namespace(ns)
                .transporter(url)
                .disableBalancer(true)
                .build();
    }
}
