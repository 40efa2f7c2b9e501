package io.mycelium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * 100 MiB up and 100 MiB down through the HTTP API as byte streams, the gateway and the service in a child
 * JVM whose heap is capped at 48 MiB: a gateway that held a body or a result in memory would fail with
 * OutOfMemoryError; the bytes are checked with a CRC on both sides.
 */
class StreamTransferTest {
    private static final long SIZE = 100L * 1024 * 1024;
    private static final String HEAP = "-Xmx48m";

    @Test
    void a100MiBUploadAndDownloadStreamThroughASmallHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(
                        java,
                        HEAP,
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Dlogback.configurationFile=none",
                        StreamGatewayMain.class.getName()))
                .redirectErrorStream(true)
                .start();
        try {
            int port = awaitPort(child);
            long expected = crc(new Patterned(SIZE));
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            HttpResponse<String> up = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/files/upload"))
                            .header("Content-Type", "application/octet-stream")
                            .timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Patterned(SIZE)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
            JsonNode answer = Json.MAPPER.readTree(up.body());
            assertThat(answer.path("bytes").asLong()).isEqualTo(SIZE);
            assertThat(answer.path("crc").asLong()).isEqualTo(expected);

            HttpResponse<InputStream> down = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/files/download?size=" + SIZE))
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(down.statusCode()).isEqualTo(200);
            assertThat(down.headers().firstValue("Content-Type")).contains("application/octet-stream");
            assertThat(down.headers().firstValue("Transfer-Encoding")).contains("chunked");
            CRC32 got = new CRC32();
            long bytes = 0;
            try (InputStream in = down.body()) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    got.update(buf, 0, n);
                    bytes += n;
                }
            }
            assertThat(bytes).isEqualTo(SIZE);
            assertThat(got.getValue()).isEqualTo(expected);
            assertThat(child.isAlive())
                    .as("the gateway's JVM (" + HEAP + ") is still up")
                    .isTrue();
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    private static long crc(InputStream in) throws java.io.IOException {
        CRC32 c = new CRC32();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
            c.update(buf, 0, n);
        }
        return c.getValue();
    }

    private static int awaitPort(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = out.readLine();
            if (line == null) {
                throw new AssertionError("the gateway process ended before listening");
            }
            if (line.startsWith("PORT ")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the child's output pipe from filling
                        }
                    } catch (java.io.IOException e) {
                        // the child ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new AssertionError("the gateway process did not listen within 60 s");
    }
}
