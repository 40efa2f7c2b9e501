package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.mycelium.internal.stream.InboundStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Byte streams both ways between two brokers on {@code memory://} (real serialization, no push back). */
class StreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Mesh mesh = new Mesh();

    @AfterEach
    void stop() {
        mesh.close();
    }

    private static byte[] data(int size) {
        byte[] b = new byte[size];
        new SplittableRandom(size).nextBytes(b);
        return b;
    }

    private ServiceBroker broker(String id, Service.Builder... services) {
        return broker(id, b -> b.serializer("msgpack"), services);
    }

    private ServiceBroker broker(String id, UnaryOperator<ServiceBroker.Builder> config, Service.Builder... services) {
        return mesh.broker(
                id, config, Arrays.stream(services).map(Service.Builder::build).toArray(Service[]::new));
    }

    private static ServiceBroker.Builder small(ServiceBroker.Builder b) {
        // msgpack: JSON's byte arrays are slow enough to starve a loaded CI box of heartbeats
        return b.serializer("msgpack")
                .streams(StreamSettings.defaults().withMaxChunkSize(64 * 1024).withBufferSize(1 << 20));
    }

    @Test
    void aStreamSentWithACallReachesTheRemoteHandlerIntact() throws Exception {
        byte[] payload = data(3 * 1024 * 1024 + 17);
        broker("server", Service.named("files").action("upload", ctx -> {
            byte[] got = ctx.stream().orElseThrow().readAllBytes();
            return Map.of("name", ctx.params().path("name").asText(), "hash", Arrays.hashCode(got), "size", got.length);
        }));
        ServiceBroker client = broker("client");
        Mesh.await(client, "files");

        JsonNode reply = client.call(
                        "files.upload",
                        Map.of("name", "a.bin"),
                        CallOptions.builder().stream(new ByteArrayInputStream(payload))
                                .build())
                .get(10, TimeUnit.SECONDS);

        assertThat(reply.path("name").asText()).isEqualTo("a.bin");
        assertThat(reply.path("size").asInt()).isEqualTo(payload.length);
        assertThat(reply.path("hash").asInt()).isEqualTo(Arrays.hashCode(payload));
    }

    @Test
    void aHandlerReturningAStreamStreamsItsReplyToTheCaller() throws Exception {
        byte[] payload = data(2 * 1024 * 1024 + 5);
        broker("server", Service.named("files").action("download", ctx -> {
            ctx.meta().put("size", payload.length);
            return new ByteArrayInputStream(payload);
        }));
        ServiceBroker client = broker("client");
        Mesh.await(client, "files");

        try (InputStream in = client.call("files.download", null, CallOptions.none(), InputStream.class)
                .get(10, TimeUnit.SECONDS)) {
            assertThat(in).isInstanceOf(InboundStream.class);
            assertThat(in.readAllBytes()).isEqualTo(payload);
        }
    }

    @Test
    void anEmptyStreamArrivesEmpty() throws Exception {
        broker(
                "server",
                Service.named("files")
                        .action("count", ctx -> ctx.stream().orElseThrow().readAllBytes().length)
                        .action("nothing", ctx -> new ByteArrayInputStream(new byte[0])));
        ServiceBroker client = broker("client");
        Mesh.await(client, "files");

        int count = client.call(
                        "files.count",
                        null,
                        CallOptions.builder().stream(new ByteArrayInputStream(new byte[0]))
                                .build(),
                        Integer.class)
                .get(10, TimeUnit.SECONDS);
        InputStream nothing = client.call("files.nothing", null, CallOptions.none(), InputStream.class)
                .get(10, TimeUnit.SECONDS);

        assertThat(count).isZero();
        assertThat(nothing.readAllBytes()).isEmpty();
    }

    @Test
    void publishersWorkBothWays() throws Exception {
        byte[] payload = data(700_000);
        broker("server", Service.named("files").action("echo", ctx -> {
            InputStream in = ctx.stream().orElseThrow();
            return ByteStreams.publisher(new ByteArrayInputStream(in.readAllBytes()));
        }));
        ServiceBroker client = broker("client");
        Mesh.await(client, "files");
        Flow.Publisher<ByteBuffer> upload = ByteStreams.publisher(new ByteArrayInputStream(payload));

        InputStream reply = client.call(
                        "files.echo", null, CallOptions.builder().stream(upload).build(), InputStream.class)
                .get(10, TimeUnit.SECONDS);

        List<ByteBuffer> buffers = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        ByteStreams.publisher(reply).subscribe(new Flow.Subscriber<>() {
            private Flow.@org.jspecify.annotations.Nullable Subscription s;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                this.s = s;
                s.request(1);
            }

            @Override
            public void onNext(ByteBuffer item) {
                synchronized (buffers) {
                    buffers.add(item);
                }
                java.util.Objects.requireNonNull(s).request(1);
            }

            @Override
            public void onError(Throwable t) {
                done.set(true);
            }

            @Override
            public void onComplete() {
                done.set(true);
            }
        });
        await().atMost(WAIT).untilTrue(done);
        ByteBuffer all = ByteBuffer.allocate(payload.length);
        synchronized (buffers) {
            buffers.forEach(all::put);
        }
        assertThat(all.array()).isEqualTo(payload);
    }

    @Test
    void aLocalHandlerGetsTheCallersStreamAsIs() throws Exception {
        InputStream source = new ByteArrayInputStream(new byte[] {1, 2, 3});
        AtomicReference<InputStream> seen = new AtomicReference<>();
        ServiceBroker solo = broker("solo", Service.named("files").action("peek", ctx -> {
            seen.set(ctx.stream().orElseThrow());
            return ctx.stream().orElseThrow().readAllBytes().length;
        }));

        int n = solo.call(
                        "files.peek", null, CallOptions.builder().stream(source).build(), Integer.class)
                .get(10, TimeUnit.SECONDS);

        assertThat(n).isEqualTo(3);
        assertThat(seen.get()).isSameAs(source);
    }

    @Test
    void aCallersSourceFailingMidwayReachesTheHandlerAsATypedError() throws Exception {
        AtomicReference<Throwable> handlerSaw = new AtomicReference<>();
        broker("server", Service.named("files").action("upload", ctx -> {
            try {
                ctx.stream().orElseThrow().readAllBytes();
                return "complete";
            } catch (RuntimeException e) {
                handlerSaw.set(e);
                throw e;
            }
        }));
        ServiceBroker client = broker("client");
        Mesh.await(client, "files");
        InputStream failing = new FailingStream(
                1 << 20, new MyceliumException("disk gone", 507, "DISK_FAILED", NullNode.getInstance()));

        var call = client.call(
                "files.upload", null, CallOptions.builder().stream(failing).build());

        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(MyceliumException.class)
                .hasMessage("disk gone");
        await().atMost(WAIT).until(() -> handlerSaw.get() != null);
        assertThat(handlerSaw.get()).isInstanceOf(MyceliumException.class);
        MyceliumException seen = (MyceliumException) java.util.Objects.requireNonNull(handlerSaw.get());
        assertThat(seen.type()).isEqualTo("DISK_FAILED");
        assertThat(seen.code()).isEqualTo(507);
        assertThat(seen.nodeId()).contains(client.nodeId());
    }

    @Test
    void aHandlersStreamFailingMidwayReachesTheCallersReaderAsATypedError() throws Exception {
        ServiceBroker server = broker(
                "server",
                Service.named("files")
                        .action(
                                "download",
                                ctx -> new FailingStream(
                                        1 << 20,
                                        new MyceliumException(
                                                "source broken", 500, "SOURCE_BROKEN", NullNode.getInstance()))));
        ServiceBroker client = broker("client");
        Mesh.await(client, "files");

        InputStream in = client.call("files.download", null, CallOptions.none(), InputStream.class)
                .get(10, TimeUnit.SECONDS);

        assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(MyceliumException.class, e -> {
            assertThat(e.type()).isEqualTo("SOURCE_BROKEN");
            assertThat(e.nodeId()).contains(server.nodeId());
        });
    }

    @Test
    void aReaderThatFallsBehindGetsAnOverflowErrorAndTheSenderStops() throws Exception {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        // the sender's window (half its own 16 MiB buffer until the reader's first ack) exceeds the reader's
        // 1 MiB buffer: a mismatch flow control cannot save, so the reader overflows
        broker("server", Service.named("files").action("download", ctx -> new EndlessStream(sourceClosed)));
        ServiceBroker client = broker("client", StreamTest::small);
        Mesh.await(client, "files");

        InboundStream in = (InboundStream) client.call("files.download", null, CallOptions.none(), InputStream.class)
                .get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(in::finished);

        assertThatThrownBy(in::read).isInstanceOf(StreamOverflowException.class);
        assertThat(in.peakBufferedBytes()).isLessThanOrEqualTo(1 << 20);
        await().atMost(WAIT).untilTrue(sourceClosed);
    }

    @Test
    void aHandlerThatReadsTooSlowlyGetsAnOverflowError() throws Exception {
        AtomicReference<Throwable> handlerSaw = new AtomicReference<>();
        broker("server", StreamTest::small, Service.named("files").action("upload", ctx -> {
            InboundStream in = (InboundStream) ctx.stream().orElseThrow();
            await().atMost(WAIT).until(in::finished);
            try {
                in.readAllBytes();
                return "read";
            } catch (StreamOverflowException e) {
                handlerSaw.set(e);
                return e.type();
            }
        }));
        ServiceBroker client = broker("client"); // a larger window than the handler's buffer: see above
        Mesh.await(client, "files");

        String answer = client.call(
                        "files.upload",
                        null,
                        CallOptions.builder().stream(new ByteArrayInputStream(data(5 << 19)))
                                .build(),
                        String.class)
                .get(10, TimeUnit.SECONDS);

        assertThat(answer).isEqualTo("STREAM_OVERFLOW");
        assertThat(handlerSaw.get()).isInstanceOf(StreamOverflowException.class);
    }

    @Test
    void aSlowReaderSlowsItsSenderDownInsteadOfOverflowing() throws Exception {
        byte[] payload = data(4 << 20);
        broker("server", StreamTest::small, Service.named("files").action("upload", ctx -> {
            InboundStream in = (InboundStream) ctx.stream().orElseThrow();
            await().atMost(WAIT).until(() -> in.receivedBytes() >= 512 * 1024);
            long waitingBeforeReading = in.available();
            byte[] got = in.readAllBytes();
            return Map.of(
                    "waiting",
                    waitingBeforeReading,
                    "size",
                    got.length,
                    "hash",
                    Arrays.hashCode(got),
                    "peak",
                    in.peakBufferedBytes());
        }));
        ServiceBroker client = broker("client", StreamTest::small);
        Mesh.await(client, "files");

        JsonNode reply = client.call(
                        "files.upload",
                        null,
                        CallOptions.builder().stream(new ByteArrayInputStream(payload))
                                .build())
                .get(10, TimeUnit.SECONDS);

        assertThat(reply.path("size").asInt()).isEqualTo(payload.length);
        assertThat(reply.path("hash").asInt()).isEqualTo(Arrays.hashCode(payload));
        assertThat(reply.path("waiting").asLong()).isLessThan(1 << 20);
        assertThat(reply.path("peak").asLong()).isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void aCallerClosingTheStreamItReadsStopsTheSender() throws Exception {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        broker("server", Service.named("files").action("download", ctx -> new EndlessStream(sourceClosed)));
        ServiceBroker client = broker("client");
        Mesh.await(client, "files");

        InputStream in = client.call("files.download", null, CallOptions.none(), InputStream.class)
                .get(10, TimeUnit.SECONDS);
        assertThat(in.readNBytes(100_000)).hasSize(100_000);
        in.close();

        await().atMost(WAIT).untilTrue(sourceClosed);
    }

    @Test
    void theTimeoutCoversTheStartOfTheResponseNotTheWholeTransfer() throws Exception {
        broker(
                "server",
                Service.named("files")
                        .action("slowBytes", ctx -> new DrippingStream(8, Duration.ofMillis(100)))
                        .action("lateStart", ctx -> {
                            Thread.sleep(1_000);
                            return new ByteArrayInputStream(new byte[1]);
                        }));
        ServiceBroker client = broker("client");
        Mesh.await(client, "files");
        CallOptions shortTimeout =
                CallOptions.builder().timeout(Duration.ofMillis(300)).build();

        InputStream slow = client.call("files.slowBytes", null, shortTimeout, InputStream.class)
                .get(10, TimeUnit.SECONDS);
        var late = client.call("files.lateStart", null, shortTimeout, InputStream.class);

        assertThat(slow.readAllBytes()).hasSize(8 * 1024);
        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(RequestTimeoutException.class);
    }

    @Test
    void aSendingNodeThatLeavesCancelsTheStreamOnTheReader() throws Exception {
        ServiceBroker server = broker(
                "server",
                Service.named("files")
                        .action("download", ctx -> new DrippingStream(Integer.MAX_VALUE, Duration.ofMillis(20))));
        ServiceBroker client = broker("client");
        Mesh.await(client, "files");
        InputStream in = client.call("files.download", null, CallOptions.none(), InputStream.class)
                .get(10, TimeUnit.SECONDS);
        assertThat(in.readNBytes(2048)).hasSize(2048);

        server.stop();

        assertThatThrownBy(in::readAllBytes)
                .isInstanceOf(StreamCancelledException.class)
                .hasMessageContaining(server.nodeId());
    }

    /** Bytes, then a failure. */
    private static final class FailingStream extends InputStream {
        private int left;
        private final RuntimeException failure;

        FailingStream(int bytes, RuntimeException failure) {
            this.left = bytes;
            this.failure = failure;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                throw failure;
            }
            int n = Math.min(len, left);
            left -= n;
            return n;
        }
    }

    /** Zeros forever, until closed. */
    private static final class EndlessStream extends InputStream {
        private final AtomicBoolean closed;

        EndlessStream(AtomicBoolean closed) {
            this.closed = closed;
        }

        @Override
        public int read() {
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return len;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    /** {@code chunks} chunks of 1 KiB, one every {@code gap}: a slow producer. */
    private static final class DrippingStream extends InputStream {
        private int chunks;
        private final Duration gap;

        DrippingStream(int chunks, Duration gap) {
            this.chunks = chunks;
            this.gap = gap;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (chunks-- <= 0) {
                return -1;
            }
            try {
                Thread.sleep(gap);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            int n = Math.min(len, 1024);
            Arrays.fill(b, off, off + n, (byte) 1);
            return n;
        }
    }
}
