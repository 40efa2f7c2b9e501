package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mycelium.internal.memory.MemoryBus;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailureTest {

    static Service sleeper(CountDownLatch started, long millis) {
        return Service.named("slow")
                .action("sleep", ctx -> {
                    started.countDown();
                    Thread.sleep(millis);
                    return "done";
                })
                .build();
    }

    static Throwable cause(CompletableFuture<?> f) {
        return Objects.requireNonNull(catchThrowable(f::join).getCause());
    }

    @Test
    void aCallToANodeThatCrashesMidCallFailsAsSoonAsItIsUnreachable() throws Exception {
        try (Mesh mesh = new Mesh()) {
            CountDownLatch started = new CountDownLatch(1);
            mesh.broker("victim", b -> b.gracefulStopTimeout(Duration.ZERO), sleeper(started, 30_000));
            ServiceBroker client = mesh.broker("client", b -> b.requestTimeout(Duration.ofSeconds(30)));
            Mesh.await(client, "slow");

            CompletableFuture<String> call = client.call("slow.sleep", null, String.class);
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            long crashed = System.nanoTime();
            MemoryBus.find(mesh.namespace, "victim").orElseThrow().crash(true);

            Throwable error = cause(call);
            long tookMillis = (System.nanoTime() - crashed) / 1_000_000;
            assertThat(error).isInstanceOf(ServiceNotAvailableException.class);
            assertThat(((MyceliumException) error).retryable()).isTrue();
            assertThat(tookMillis).isLessThan(1000);
        }
    }

    @Test
    void aSilentNodeIsDroppedAfterTheHeartbeatTimeoutAndItsCallsFail() throws Exception {
        try (Mesh mesh = new Mesh()) {
            CountDownLatch started = new CountDownLatch(1);
            mesh.broker("victim", b -> b.gracefulStopTimeout(Duration.ZERO), sleeper(started, 30_000));
            ServiceBroker client = mesh.broker(
                    "client", b -> b.requestTimeout(Duration.ofSeconds(30)).heartbeatTimeout(Duration.ofMillis(700)));
            Mesh.await(client, "slow");

            CompletableFuture<String> call = client.call("slow.sleep", null, String.class);
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            MemoryBus.find(mesh.namespace, "victim").orElseThrow().crash(false);

            assertThat(cause(call)).isInstanceOf(ServiceNotAvailableException.class);
            assertThat(cause(client.call("slow.sleep", null))).isInstanceOf(ServiceNotFoundException.class);
            JsonNodeAssert.nodeIsOffline(client, "victim");
        }
    }

    @Test
    void aCallTimesOutAndTheCalleeLogsTheExpiry() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("io.mycelium.internal.broker.RequestReceiver");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try (Mesh mesh = new Mesh()) {
            CountDownLatch started = new CountDownLatch(1);
            mesh.broker("server", sleeper(started, 400));
            ServiceBroker client = mesh.broker("client");
            Mesh.await(client, "slow");

            Throwable error = cause(client.call(
                    "slow.sleep",
                    null,
                    CallOptions.builder().timeout(Duration.ofMillis(100)).build(),
                    String.class));

            assertThat(error).isInstanceOf(RequestTimeoutException.class);
            assertThat(((MyceliumException) error).code()).isEqualTo(504);
            await().atMost(Duration.ofSeconds(5)).until(() -> appender.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("expired")
                            && e.getFormattedMessage().contains("slow.sleep")));
        } finally {
            log.detachAppender(appender);
        }
    }

    @Test
    void retriesRetryableFailuresWithBackoffAndNeverOthers() {
        AtomicInteger flaky = new AtomicInteger();
        AtomicInteger broken = new AtomicInteger();
        Service service = Service.named("s")
                .action("flaky", ctx -> {
                    if (flaky.incrementAndGet() < 3) {
                        throw new ServerException("try again");
                    }
                    return "ok";
                })
                .action("broken", ctx -> {
                    broken.incrementAndGet();
                    throw new ClientException("bad input");
                })
                .build();
        try (Mesh mesh = new Mesh()) {
            mesh.broker("server", service);
            ServiceBroker client = mesh.broker(
                    "client",
                    b -> b.retryPolicy(RetryPolicy.exponential(5, Duration.ofMillis(10), Duration.ofMillis(50), 2)));
            Mesh.await(client, "s");

            assertThat(client.call("s.flaky", null, String.class).join()).isEqualTo("ok");
            assertThat(flaky.get()).isEqualTo(3);
            assertThat(cause(client.call("s.broken", null))).isInstanceOf(ClientException.class);
            assertThat(broken.get()).isEqualTo(1);
            flaky.set(0);
            assertThat(cause(client.call(
                            "s.flaky", null, CallOptions.builder().retries(1).build())))
                    .isInstanceOf(ServerException.class);
        }
    }

    @Test
    void stopDrainsCallsInFlightBeforeLeaving() throws Exception {
        try (Mesh mesh = new Mesh()) {
            CountDownLatch started = new CountDownLatch(3);
            ServiceBroker server = mesh.broker("server", sleeper(started, 300));
            ServiceBroker client = mesh.broker("client");
            Mesh.await(client, "slow");

            var calls = java.util.stream.IntStream.range(0, 3)
                    .mapToObj(i -> client.call("slow.sleep", null, String.class))
                    .toList();
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            server.stop();

            assertThat(calls).allMatch(c -> c.join().equals("done"));
            await().until(() -> cause(client.call("slow.sleep", null)) instanceof ServiceNotFoundException);
        }
    }

    @Test
    void aGarbagePacketIsDroppedAndTheNodeKeepsWorking() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker server = mesh.broker("server", CallTest.math());
            ServiceBroker client = mesh.broker("client");
            Mesh.await(client, "v2.math");
            var transporter = MemoryBus.find(mesh.namespace, "client").orElseThrow();

            transporter.send(
                    io.mycelium.protocol.PacketType.REQUEST,
                    io.mycelium.spi.Destination.node("server"),
                    "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            transporter.send(
                    io.mycelium.protocol.PacketType.INFO,
                    io.mycelium.spi.Destination.node("server"),
                    "{\"ver\":\"4\",\"sender\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

            assertThat(client.call("v2.math.add", Map.of("a", 2, "b", 2), Integer.class)
                            .join())
                    .isEqualTo(4);
            assertThat(server.running()).isTrue();
        }
    }
}
