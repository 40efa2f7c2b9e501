package io.mycelium.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.Context;
import io.mycelium.MyceliumException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ValidationException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The services of {@code node --services demo}, so anyone can try a mesh without writing code:
 * {@code greeter.hello}, {@code math.add}, {@code echo.echo}, {@code demo.fail}, {@code demo.slow},
 * {@code demo.received}, the byte streams {@code demo.sha256} (a stream in, its hex SHA-256 out) and
 * {@code demo.generate {size, seed}} ({@link DemoBytes} out), and a {@code demo.*} event handler in group
 * {@code demo}.
 */
final class DemoServices {

    /** {@code demo.slow} never sleeps longer than this, so a typo cannot park a handler for days. */
    private static final long MAX_SLEEP_MS = 600_000;
    /** {@code demo.received} keeps the latest events only. */
    private static final int KEEP = 1000;

    private final Deque<ObjectNode> received = new ArrayDeque<>();
    private final BiConsumer<String, Context> observer;

    /**
     * @param observer told of every call and event handled (the service name and its context), on the
     *     handler's thread; the demo uses it to narrate which node answered
     */
    DemoServices(BiConsumer<String, Context> observer) {
        this.observer = observer;
    }

    static List<String> names() {
        return List.of("greeter", "math", "echo", "demo");
    }

    void registerAll(ServiceBroker broker) {
        broker.register(greeter());
        broker.register(math());
        broker.register(echo());
        broker.register(demo());
    }

    Service greeter() {
        return Service.named("greeter")
                .action("hello", ctx -> {
                    observer.accept("greeter.hello", ctx);
                    JsonNode name = ctx.params().path("name");
                    if (!name.isTextual()) {
                        throw invalid("name", "The 'name' field is required and must be a string.", name);
                    }
                    return "Hello " + name.asText();
                })
                .build();
    }

    Service math() {
        return Service.named("math")
                .action("add", ctx -> {
                    observer.accept("math.add", ctx);
                    JsonNode a = ctx.params().path("a");
                    JsonNode b = ctx.params().path("b");
                    if (!a.isNumber()) {
                        throw invalid("a", "The 'a' field must be a number.", a);
                    }
                    if (!b.isNumber()) {
                        throw invalid("b", "The 'b' field must be a number.", b);
                    }
                    if (a.canConvertToExactIntegral()
                            && b.canConvertToExactIntegral()
                            && a.canConvertToLong()
                            && b.canConvertToLong()) {
                        return Math.addExact(a.asLong(), b.asLong());
                    }
                    BigDecimal sum = a.decimalValue().add(b.decimalValue());
                    return sum.stripTrailingZeros();
                })
                .build();
    }

    Service echo() {
        return Service.named("echo")
                .action("echo", ctx -> {
                    observer.accept("echo.echo", ctx);
                    return ctx.params();
                })
                .build();
    }

    Service demo() {
        return Service.named("demo")
                .action("fail", ctx -> {
                    observer.accept("demo.fail", ctx);
                    JsonNode p = ctx.params();
                    throw new DemoError(
                            p.path("name").asText("DemoError"),
                            p.path("message").asText("This is demo.fail failing on purpose."),
                            p.path("code").asInt(500),
                            p.path("type").asText("DEMO_FAILURE"),
                            p.has("data") ? p.get("data") : NullNode.getInstance());
                })
                .action("slow", ctx -> {
                    observer.accept("demo.slow", ctx);
                    long ms = ctx.params().path("ms").asLong(1000);
                    if (ms < 0 || ms > MAX_SLEEP_MS) {
                        throw invalid(
                                "ms",
                                "The 'ms' field must be between 0 and " + MAX_SLEEP_MS + ".",
                                ctx.params().path("ms"));
                    }
                    Thread.sleep(ms);
                    return JsonNodeFactory.instance.objectNode().put("slept", ms);
                })
                .action("sha256", ctx -> {
                    observer.accept("demo.sha256", ctx);
                    InputStream in = ctx.stream()
                            .orElseThrow(() -> invalid(
                                    "stream",
                                    "demo.sha256 reads the byte stream sent with the call"
                                            + " (mycelium call demo.sha256 --stream FILE).",
                                    NullNode.getInstance()));
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = in.read(buffer)) != -1; ) {
                        sha.update(buffer, 0, n);
                    }
                    return HexFormat.of().formatHex(sha.digest());
                })
                .action("generate", ctx -> {
                    observer.accept("demo.generate", ctx);
                    JsonNode size = ctx.params().path("size");
                    if (!size.canConvertToLong() || size.asLong() < 0) {
                        throw invalid("size", "The 'size' field must be a number of bytes, 0 or more.", size);
                    }
                    return new DemoBytes(
                            size.asLong(), ctx.params().path("seed").asLong(1));
                })
                .action("received", ctx -> {
                    observer.accept("demo.received", ctx);
                    ArrayNode list = JsonNodeFactory.instance.arrayNode();
                    synchronized (received) {
                        received.forEach(list::add);
                    }
                    return list;
                })
                .event("demo.*", "demo", ctx -> {
                    ObjectNode e = JsonNodeFactory.instance.objectNode();
                    e.put("event", ctx.eventName().orElse(""));
                    e.put("sender", ctx.nodeId());
                    e.set("data", ctx.params());
                    synchronized (received) {
                        received.addLast(e);
                        if (received.size() > KEEP) {
                            received.removeFirst();
                        }
                    }
                    observer.accept("demo.*", ctx);
                })
                .build();
    }

    private static ValidationException invalid(String field, String message, JsonNode actual) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        data.add(ValidationException.violation("required", message, field, actual.isMissingNode() ? null : actual));
        return new ValidationException("Parameters validation error!", data);
    }

    /** The error {@code demo.fail} throws: whatever name, code, type and data the caller asked for. */
    static final class DemoError extends MyceliumException {
        private static final long serialVersionUID = 1L;

        DemoError(String name, String message, int code, String type, JsonNode data) {
            super(name, message, code, type, data, false);
        }
    }
}
