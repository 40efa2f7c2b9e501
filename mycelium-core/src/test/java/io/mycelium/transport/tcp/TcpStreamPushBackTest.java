package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.CallOptions;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.StreamSettings;
import io.mycelium.internal.stream.InboundStream;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handler that does not read while its sender may run 8 MiB ahead (the sender's own window, before any
 * acknowledgement) into a 4 MiB receive buffer: the TCP transporter stops reading the connection, so the
 * sender waits instead of the stream overflowing.
 */
class TcpStreamPushBackTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final String namespace = "t-" + UUID.randomUUID().toString().substring(0, 13);
    private @Nullable ServiceBroker server;
    private @Nullable ServiceBroker client;

    @AfterEach
    void stop() {
        ServiceBroker c = client;
        if (c != null) {
            c.stop();
        }
        ServiceBroker s = server;
        if (s != null) {
            s.stop();
        }
    }

    @Test
    void aReaderThatDoesNotReadMakesTcpHoldTheSenderBack() throws Exception {
        uploadWithAReaderHoldingBack("", Duration.ofMillis(500));
    }

    @Test
    void aConnectionPausedForPushBackIsNotTimedOutAsStalled() throws Exception {
        // the pause lasts far longer than the frame timeouts: the connection must survive it (the timeouts
        // stay well above a busy 2-core machine's scheduling and GC gaps, which they must not be confused with)
        uploadWithAReaderHoldingBack("&frameIdleTimeout=1s&frameTimeout=2s", Duration.ofSeconds(5));
    }

    private void uploadWithAReaderHoldingBack(String serverOptions, Duration hold) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String serverId = "server-" + namespace;
        long limit = 4L << 20;
        ServiceBroker server = ServiceBroker.builder()
                .nodeId(serverId)
                .namespace(namespace)
                .transporter("tcp://127.0.0.1:" + port + "?udpDiscovery=false&gossipPeriod=200ms" + serverOptions)
                .serializer("msgpack")
                .streams(StreamSettings.defaults().withBufferSize(limit))
                .build();
        server.register(Service.named("files").action("upload", ctx -> {
            InboundStream in = (InboundStream) ctx.stream().orElseThrow();
            await().atMost(WAIT).until(() -> in.receivedBytes() >= limit / 2);
            await().during(hold).atMost(WAIT).until(() -> !in.finished() && in.receivedBytes() <= limit);
            long receivedBeforeReading = in.receivedBytes();
            byte[] all = in.readAllBytes();
            return Map.of(
                    "size",
                    all.length,
                    "hash",
                    Arrays.hashCode(all),
                    "before",
                    receivedBeforeReading,
                    "peak",
                    in.peakBufferedBytes());
        }));
        this.server = server;
        server.start();
        ServiceBroker client = ServiceBroker.builder()
                .nodeId("client-" + namespace)
                .namespace(namespace)
                .transporter("tcp://127.0.0.1:0?udpDiscovery=false&gossipPeriod=200ms&urls=tcp://127.0.0.1:" + port
                        + "/" + serverId)
                .serializer("msgpack")
                .build();
        this.client = client;
        client.start();
        client.waitForServices(WAIT, "files").get(30, TimeUnit.SECONDS);
        byte[] payload = new byte[32 << 20];
        new SplittableRandom(7).nextBytes(payload);

        JsonNode reply = client.call(
                        "files.upload",
                        null,
                        CallOptions.builder().stream(new ByteArrayInputStream(payload))
                                .build())
                .get(60, TimeUnit.SECONDS);

        assertThat(reply.path("size").asInt()).isEqualTo(payload.length);
        assertThat(reply.path("hash").asInt()).isEqualTo(Arrays.hashCode(payload));
        assertThat(reply.path("before").asLong()).isBetween(limit / 2, limit);
        assertThat(reply.path("peak").asLong()).isLessThanOrEqualTo(limit);
    }
}
