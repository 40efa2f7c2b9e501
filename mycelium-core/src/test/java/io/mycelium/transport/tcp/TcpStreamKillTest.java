package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mycelium.CallOptions;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.StreamCancelledException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node in its own JVM streams to this one both ways (a download it serves, an upload it sends) and is
 * SIGKILLed midway: both readers here fail with {@link StreamCancelledException} soon after, not hang.
 */
class TcpStreamKillTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String namespace = "t-" + UUID.randomUUID().toString().substring(0, 13);
    private final String url = "tcp://?host=127.0.0.1&udpBindAddress=127.0.0.1&udpPort="
            + (20000 + ThreadLocalRandom.current().nextInt(20000));
    private @Nullable NodeProcess feeder;
    private @Nullable ServiceBroker driver;

    @AfterEach
    void stopAll() throws Exception {
        if (driver != null) {
            driver.stop();
        }
        if (feeder != null) {
            feeder.close();
        }
    }

    @Test
    void streamsFromANodeKilledMidwayFailTypedOnTheReaders() throws Exception {
        String feederId = "feeder-" + namespace;
        NodeProcess child = new NodeProcess(feederId, namespace, url);
        feeder = child;
        AtomicLong uploaded = new AtomicLong();
        AtomicReference<Throwable> uploadFailure = new AtomicReference<>();
        ServiceBroker d = ServiceBroker.builder()
                .nodeId("driver-" + namespace)
                .namespace(namespace)
                .transporter(url)
                .requestTimeout(Duration.ofSeconds(10))
                .build();
        driver = d;
        d.register(Service.named("sink").action("take", ctx -> {
            byte[] buf = new byte[64 * 1024];
            InputStream in = ctx.stream().orElseThrow();
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    uploaded.addAndGet(n);
                }
                return "ended";
            } catch (RuntimeException e) {
                uploadFailure.set(e);
                throw e;
            }
        }));
        d.start();
        child.awaitReady();
        d.waitForServices(PATIENCE, "echo").get(40, TimeUnit.SECONDS);
        CallOptions toFeeder = CallOptions.builder().nodeId(feederId).build();

        InputStream download =
                d.call("echo.endless", null, toFeeder, InputStream.class).get(10, TimeUnit.SECONDS);
        assertThat(download.readNBytes(1 << 20)).hasSize(1 << 20);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> d.call(
                        "echo.uploadTo", Map.of("action", "sink.take", "node", d.nodeId()), toFeeder)
                .get(10, TimeUnit.SECONDS)
                .asText()
                .equals("started"));
        await().atMost(PATIENCE).until(() -> uploaded.get() >= 1 << 20);

        long killed = System.nanoTime();
        child.kill();

        assertThatThrownBy(download::readAllBytes)
                .isInstanceOf(StreamCancelledException.class)
                .hasMessageContaining(feederId);
        await().atMost(PATIENCE).until(() -> uploadFailure.get() != null);
        assertThat(uploadFailure.get()).isInstanceOf(StreamCancelledException.class);
        System.out.printf(
                "STREAM kill: both readers failed typed %d ms after the SIGKILL%n",
                (System.nanoTime() - killed) / 1_000_000);
    }
}
