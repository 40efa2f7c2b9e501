package io.mycelium.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.CallOptions;
import io.mycelium.Context;
import io.mycelium.ErrorDetails;
import io.mycelium.MyceliumException;
import io.mycelium.Service;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The Java side's test services, mirroring the Node ones: {@code java-math}, {@code v2.java-svc}, event
 * handlers in groups ({@code java-events} in group {@code mix}, {@code java-audit}), and {@code shared}
 * (also served by Node peers, for load balancing).
 */
final class JavaServices {
    /** What {@code java-math.forward} saw when it called onward with the time its caller left it. */
    record Forwarded(long remainingMillisAtStart, long elapsedMillis, String outcome) {}

    final EventLog events = new EventLog();
    final BlockingQueue<Forwarded> forwarded = new LinkedBlockingQueue<>();

    List<Service> main(String nodeId) {
        return List.of(
                math(nodeId), versioned(nodeId), stream(), events("java-events", "mix"), events("java-audit", null));
    }

    /**
     * Byte streams: {@code sha256} reads the stream sent with the call and answers {sha256, bytes, params};
     * {@code generate {size, seed, failAt?}} answers a stream of {@link PatternBytes}, failing midway with
     * {@code GENERATOR_FAILED} when {@code failAt} is given.
     */
    private static Service stream() {
        return Service.named("java-stream")
                .action("sha256", ctx -> {
                    try (java.io.InputStream in = ctx.stream()
                            .orElseThrow(() -> new MyceliumException(ErrorDetails.of(
                                    "InteropError",
                                    "no stream was sent",
                                    400,
                                    "NO_STREAM",
                                    NodePeer.JSON.nullNode(),
                                    false)))) {
                        PatternBytes.Digest d = PatternBytes.digest(in);
                        ObjectNode out = NodePeer.JSON.createObjectNode();
                        out.put("sha256", d.sha256()).put("bytes", d.bytes()).set("params", ctx.params());
                        return out;
                    }
                })
                .action("generate", ctx -> {
                    JsonNode p = ctx.params();
                    long size = p.path("size").asLong();
                    int seed = p.path("seed").asInt();
                    return p.hasNonNull("failAt")
                            ? PatternBytes.failing(size, seed, p.path("failAt").asLong())
                            : PatternBytes.stream(size, seed);
                })
                .build();
    }

    static Service shared(String nodeId) {
        return Service.named("shared").action("whoami", ctx -> nodeId).build();
    }

    private Service math(String nodeId) {
        return Service.named("java-math")
                .action(
                        "add",
                        ctx -> ctx.params().path("a").asDouble()
                                + ctx.params().path("b").asDouble())
                .action("echo", ctx -> {
                    ctx.meta().put("echoedBy", nodeId);
                    ObjectNode out = NodePeer.JSON.createObjectNode();
                    out.set("params", ctx.params());
                    out.set("meta", NodePeer.JSON.valueToTree(ctx.meta()));
                    out.put("caller", ctx.caller().orElse(null));
                    out.put("callerNodeID", ctx.nodeId());
                    out.put("level", ctx.level());
                    out.put("requestID", ctx.requestId());
                    return out;
                })
                .action("fail", JavaServices::fail)
                .action("slow", ctx -> {
                    Thread.sleep(ctx.params().path("ms").asLong(2000));
                    return "slept";
                })
                .action(
                        "remaining",
                        ctx -> ctx.remaining().map(Duration::toMillis).orElse(-1L))
                .action("forward", this::forward)
                .action("whoami", ctx -> nodeId)
                .build();
    }

    /** Throws the error its params describe: {name, message, code, type, data, retryable}. */
    private static Object fail(Context ctx) {
        JsonNode p = ctx.params();
        throw new MyceliumException(ErrorDetails.of(
                p.path("name").asText("JavaInteropError"),
                p.path("message").asText("java failure"),
                p.path("code").asInt(500),
                p.path("type").asText(""),
                p.path("data"),
                p.path("retryable").asBoolean(false)));
    }

    /**
     * Calls {@code params.action} with no timeout of its own: it must inherit the caller's deadline. A
     * failure of the onward call is rethrown, so the caller fails the same way whether its own timer or
     * this answer comes first (both happen about when the budget runs out).
     */
    private Object forward(Context ctx) {
        long remaining = ctx.remaining().map(Duration::toMillis).orElse(-1L);
        long started = System.nanoTime();
        try {
            JsonNode result = ctx.call(
                            ctx.params().path("action").asText(),
                            ctx.params().path("params"),
                            CallOptions.none(),
                            JsonNode.class)
                    .join();
            forwarded.add(new Forwarded(remaining, elapsedSince(started), "ok"));
            return result;
        } catch (CompletionException e) {
            if (e.getCause() instanceof MyceliumException m) {
                forwarded.add(new Forwarded(remaining, elapsedSince(started), m.name()));
                throw m;
            }
            forwarded.add(new Forwarded(remaining, elapsedSince(started), String.valueOf(e.getCause())));
            throw e;
        }
    }

    private static long elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    private Service versioned(String nodeId) {
        return Service.named("java-svc")
                .version(2)
                .action(
                        "hello",
                        ctx -> "Hello " + ctx.params().path("name").asText("anonymous") + " from v2 on " + nodeId)
                .build();
    }

    private Service events(String service, @org.jspecify.annotations.Nullable String group) {
        String g = group == null ? service : group;
        Service.Builder b = Service.named(service);
        if (group == null) {
            b.event("interop.balanced", ctx -> events.record(g, ctx));
        } else {
            b.event("interop.balanced", group, ctx -> events.record(g, ctx));
        }
        return b.event("interop.broadcast", ctx -> events.record(service, ctx)).build();
    }
}
