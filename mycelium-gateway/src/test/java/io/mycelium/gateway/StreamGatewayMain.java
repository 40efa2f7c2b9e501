package io.mycelium.gateway;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.io.InputStream;
import java.time.Duration;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * A gateway node that also runs a {@code files} service, in a child JVM started with a small heap by {@link StreamTransferTest}: prints
 * {@code PORT <n>}, then serves until its stdin closes. {@code files.upload} reads the request body's
 * stream and answers {@code {bytes, crc}}; {@code files.download {size}} streams {@link Patterned} bytes.
 */
public final class StreamGatewayMain {
    private StreamGatewayMain() {}

    public static void main(String[] args) throws Exception {
        String ns = "stream-" + UUID.randomUUID();
        ServiceBroker edge = ServiceBroker.builder()
                .nodeId("edge")
                .namespace(ns)
                .transporter("memory://")
                .build();
        edge.register(Service.named("files")
                .action("upload", ctx -> {
                    CRC32 crc = new CRC32();
                    long bytes = 0;
                    byte[] buf = new byte[64 * 1024];
                    try (InputStream in = ctx.stream().orElseThrow()) {
                        for (int n; (n = in.read(buf)) > 0; ) {
                            crc.update(buf, 0, n);
                            bytes += n;
                        }
                    }
                    return Json.object().put("bytes", bytes).put("crc", crc.getValue());
                })
                .action(
                        "download",
                        ctx -> new Patterned(ctx.params().path("size").asLong())));
        Gateway gateway = Gateway.builder(edge)
                .options(GatewayOptions.builder()
                        .allowActions("files.*")
                        .requestTimeout(Duration.ofSeconds(60))
                        .build())
                .build();
        edge.start();
        edge.waitForServices(Duration.ofSeconds(10), "files").join();
        gateway.start();
        System.out.println("PORT " + gateway.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the test closes our stdin
        }
        gateway.close();
        edge.stop();
    }
}
