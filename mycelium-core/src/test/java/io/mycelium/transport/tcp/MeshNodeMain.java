package io.mycelium.transport.tcp;

import io.mycelium.CallOptions;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker in its own JVM for the end-to-end tests: {@code MeshNodeMain <nodeId> <namespace> <tcp url>}.
 * It serves {@code echo.whoami} (its node id), {@code echo.slow} (the same after {@code ms} milliseconds)
 * and {@code echo.callEach} (calls {@code echo.whoami} on every node named in {@code nodes} and returns
 * what each answered), {@code echo.endless} (an endless byte stream of zeros) and {@code echo.uploadTo}
 * (starts a call of {@code action} on {@code node} sending an endless byte stream, and returns at once).
 * Prints {@code READY} once started and exits when its standard input closes.
 */
public final class MeshNodeMain {

    private MeshNodeMain() {}

    public static void main(String[] args) throws Exception {
        String nodeId = args[0];
        ServiceBroker broker = ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(args[1])
                .transporter(args[2])
                .requestTimeout(Duration.ofSeconds(10))
                .gracefulStopTimeout(Duration.ofSeconds(1))
                .build();
        broker.register(Service.named("echo")
                .action("whoami", ctx -> nodeId)
                .action("slow", ctx -> {
                    Thread.sleep(ctx.params().path("ms").asLong(1000));
                    return nodeId;
                })
                .action("endless", ctx -> new Zeros())
                .action("uploadTo", ctx -> {
                    broker.call(
                            ctx.params().path("action").asText(),
                            null,
                            CallOptions.builder()
                                    .nodeId(ctx.params().path("node").asText())
                                    .stream(new Zeros())
                                    .build());
                    return "started";
                })
                .action("callEach", ctx -> {
                    Map<String, String> answers = new LinkedHashMap<>();
                    for (var node : ctx.params().path("nodes")) {
                        String target = node.asText();
                        answers.put(
                                target,
                                broker.call(
                                                "echo.whoami",
                                                null,
                                                CallOptions.builder()
                                                        .nodeId(target)
                                                        .build(),
                                                String.class)
                                        .join());
                    }
                    return answers;
                }));
        broker.start();
        System.out.println("READY " + nodeId);
        System.out.flush();
        // the parent closes our stdin (or dies): leave
        while (System.in.read() >= 0) {
            // keep reading
        }
        broker.stop();
        System.exit(0);
    }

    /** Zeros, forever. */
    private static final class Zeros extends java.io.InputStream {
        @Override
        public int read() {
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 0);
            return len;
        }
    }
}
