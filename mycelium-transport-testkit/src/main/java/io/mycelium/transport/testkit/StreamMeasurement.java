package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.ByteStreams;
import io.mycelium.CallOptions;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Moves one large byte stream each way between two real brokers and reports what it measured: bytes,
 * throughput, the SHA-256 of what was sent and of what was received, the most bytes the receiving stream
 * ever buffered, and the JVM's peak used heap while it ran (both brokers live in this JVM, so the figure
 * covers sender and receiver). Figures, not a benchmark harness.
 */
public final class StreamMeasurement {

    /** One direction of one run. */
    public record Result(
            String label,
            String direction,
            long bytes,
            double seconds,
            String sentSha,
            String receivedSha,
            long receivedBytes,
            long peakBufferedBytes,
            long peakHeapBytes) {
        public double megabytesPerSecond() {
            return bytes / 1_048_576.0 / seconds;
        }

        @Override
        public String toString() {
            return String.format(
                    "STREAM %s %s: %d MiB in %.2f s = %.0f MiB/s; receiver buffered at most %.1f MiB; peak heap used %.0f MiB (both brokers, -Xmx %d MiB); sha %s",
                    label,
                    direction,
                    bytes >> 20,
                    seconds,
                    megabytesPerSecond(),
                    peakBufferedBytes / 1_048_576.0,
                    peakHeapBytes / 1_048_576.0,
                    Runtime.getRuntime().maxMemory() >> 20,
                    receivedSha.equals(sentSha) ? "equal" : "DIFFERENT");
        }
    }

    private StreamMeasurement() {}

    /**
     * Streams {@code bytes} from the caller to a handler (upload), then from a handler to the caller
     * (download), each broker on a transporter from {@code transporters} (given the node id and its index).
     */
    public static List<Result> run(
            String label,
            BiFunction<String, Integer, Transporter> transporters,
            Consumer<ServiceBroker.Builder> options,
            long bytes)
            throws Exception {
        String namespace = "s-" + UUID.randomUUID().toString().substring(0, 13);
        Map<String, String> sentByServer = new ConcurrentHashMap<>();
        try (MeshNodes mesh = new MeshNodes(namespace, transporters)) {
            ServiceBroker server = mesh.start(
                    MeshNodes.nodeId("server"),
                    options,
                    b -> b.register(Service.named("files")
                            .action("upload", ctx -> {
                                InputStream in = ctx.stream().orElseThrow();
                                MessageDigest sha = PatternStream.sha256();
                                long n = drain(in, sha);
                                long peak = ByteStreams.peakBufferedBytes(in).orElse(-1);
                                return Map.of("bytes", n, "sha", PatternStream.hex(sha), "peak", peak);
                            })
                            .action("download", ctx -> {
                                String key = ctx.params().path("key").asText();
                                return new PatternStream(
                                        ctx.params().path("bytes").asLong(), p -> sentByServer.put(key, p.sha()));
                            })));
            ServiceBroker client = mesh.start(MeshNodes.nodeId("client"), options, b -> {});
            client.waitForServices(Duration.ofSeconds(15), "files").get(20, TimeUnit.SECONDS);

            HeapSampler heap = new HeapSampler();
            PatternStream source = new PatternStream(bytes);
            long t0 = System.nanoTime();
            var up = client.call(
                            "files.upload",
                            Map.of(),
                            CallOptions.builder().stream(source)
                                    .timeout(Duration.ofSeconds(30))
                                    .build())
                    .get(10, TimeUnit.MINUTES);
            double upSeconds = (System.nanoTime() - t0) / 1e9;
            Result upload = new Result(
                    label,
                    "caller->handler",
                    bytes,
                    upSeconds,
                    source.sha(),
                    up.path("sha").asText(),
                    up.path("bytes").asLong(),
                    up.path("peak").asLong(),
                    heap.stop());
            System.out.println(upload);

            heap = new HeapSampler();
            String key = UUID.randomUUID().toString();
            t0 = System.nanoTime();
            InputStream in = client.call(
                            "files.download",
                            Map.of("bytes", bytes, "key", key),
                            CallOptions.builder()
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            InputStream.class)
                    .get(1, TimeUnit.MINUTES);
            MessageDigest sha = PatternStream.sha256();
            long received = drain(in, sha);
            double downSeconds = (System.nanoTime() - t0) / 1e9;
            long peak = ByteStreams.peakBufferedBytes(in).orElse(-1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!sentByServer.containsKey(key) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Result download = new Result(
                    label,
                    "handler->caller",
                    bytes,
                    downSeconds,
                    sentByServer.getOrDefault(key, "not closed"),
                    PatternStream.hex(sha),
                    received,
                    peak,
                    heap.stop());
            System.out.println(download);
            return List.of(upload, download);
        }
    }

    /**
     * Runs {@link #run} over the transporter of {@code url} (found by scheme, as a broker does) with the
     * MsgPack serializer, and checks each direction arrived whole, digest for digest, within the default
     * 16 MiB receive buffer.
     */
    public static List<Result> runAndCheck(String label, String url, long bytes) throws Exception {
        URI uri = URI.create(url);
        TransporterProvider provider = ServiceLoader.load(TransporterProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains(uri.getScheme()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no transporter for " + url));
        List<Result> results = run(label, (id, i) -> provider.create(uri), b -> b.serializer("msgpack"), bytes);
        for (Result r : results) {
            assertThat(r.receivedBytes()).as(r.direction()).isEqualTo(bytes);
            assertThat(r.receivedSha()).as(r.direction()).isEqualTo(r.sentSha());
            assertThat(r.peakBufferedBytes()).as(r.direction()).isLessThanOrEqualTo(16L << 20);
        }
        return results;
    }

    private static long drain(InputStream in, MessageDigest sha) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        try (in) {
            while ((n = in.read(buf)) >= 0) {
                sha.update(buf, 0, n);
                total += n;
            }
        }
        return total;
    }

    /** The most heap in use, sampled every 20 ms, plus the heap pools' own peaks since it started. */
    private static final class HeapSampler {
        private final AtomicLong max = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        HeapSampler() {
            System.gc();
            thread = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
                while (running.get()) {
                    Runtime r = Runtime.getRuntime();
                    max.accumulateAndGet(r.totalMemory() - r.freeMemory(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        long stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return max.get();
        }
    }
}
