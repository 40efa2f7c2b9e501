package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class CallTest {
    record Add(int a, int b) {}

    static Service math() {
        return Service.named("math")
                .version(2)
                .action("add", ctx -> {
                    Add p = ctx.params(Add.class);
                    return p.a() + p.b();
                })
                .action("where", ctx -> ctx.broker().nodeId())
                .build();
    }

    @ServiceName("greeter")
    static final class Greeter {
        record Hello(String name) {}

        @Action
        String hello(Hello p) {
            return "Hello " + p.name();
        }

        @Action(name = "trace")
        Map<String, Object> trace(Context ctx) {
            return Map.of(
                    "level", ctx.level(),
                    "requestId", ctx.requestId(),
                    "parentId", ctx.parentId().orElse(""),
                    "caller", ctx.caller().orElse(""),
                    "sender", ctx.nodeId());
        }

        @Action
        CompletableFuture<Integer> later(List<Integer> numbers) {
            return CompletableFuture.supplyAsync(
                    () -> numbers.stream().mapToInt(Integer::intValue).sum());
        }
    }

    @Test
    void callsAVersionedActionOnAnotherNodeByFullName() {
        try (Mesh mesh = new Mesh()) {
            mesh.broker("server", math());
            ServiceBroker client = mesh.broker("client");
            Mesh.await(client, "v2.math");

            int sum = client.call("v2.math.add", Map.of("a", 1, "b", 2), Integer.class)
                    .join();
            JsonNode raw = client.call("v2.math.add", new Add(3, 4)).join();

            assertThat(sum).isEqualTo(3);
            assertThat(raw.asInt()).isEqualTo(7);
            assertThatThrownBy(() -> client.call("math.add", Map.of()).join())
                    .hasCauseInstanceOf(ServiceNotFoundException.class);
        }
    }

    @Test
    void callsLocalActionsWithoutSerializingTheParams() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.broker("solo", math());
            Add same = new Add(5, 6);
            Service echo = Service.named("echo")
                    .action("same", ctx -> ctx.params(Add.class) == same)
                    .build();
            node.register(echo);

            assertThat(node.call("v2.math.add", same, Integer.class).join()).isEqualTo(11);
            assertThat(node.call("echo.same", same, Boolean.class).join()).isTrue();
        }
    }

    @Test
    void bindsAnnotatedServicesAndPropagatesTheTrace() {
        try (Mesh mesh = new Mesh()) {
            mesh.broker("server", Service.named("unused").build());
            ServiceBroker server = mesh.broker("greeter-node");
            server.register(new Greeter());
            ServiceBroker client = mesh.broker(
                    "client",
                    Service.named("front")
                            .action("go", ctx -> ctx.call("greeter.trace", Map.of())
                                    .join())
                            .build());
            Mesh.await(client, "greeter");

            assertThat(client.call("greeter.hello", Map.of("name", "Ada"), String.class)
                            .join())
                    .isEqualTo("Hello Ada");
            assertThat(client.call("greeter.later", List.of(1, 2, 3), Integer.class)
                            .join())
                    .isEqualTo(6);
            JsonNode trace = client.call("front.go", Map.of()).join();
            assertThat(trace.get("level").asInt()).isEqualTo(2);
            assertThat(trace.get("caller").asText()).isEqualTo("front");
            assertThat(trace.get("sender").asText()).isEqualTo("client");
            assertThat(trace.get("requestId").asText())
                    .isNotEmpty()
                    .isEqualTo(trace.get("requestId").asText());
            assertThat(trace.get("parentId").asText()).isNotEmpty();
        }
    }

    @Test
    void sendsMetaBackToTheCallingHandler() {
        try (Mesh mesh = new Mesh()) {
            mesh.broker(
                    "server",
                    Service.named("meta")
                            .action("stamp", ctx -> {
                                ctx.meta().put("stamped", ctx.meta().get("user") + "!");
                                return null;
                            })
                            .build());
            ServiceBroker client = mesh.broker(
                    "client",
                    Service.named("front")
                            .action("go", ctx -> {
                                ctx.meta().put("user", "ada");
                                ctx.call("meta.stamp", null).join();
                                return ctx.meta().get("stamped");
                            })
                            .build());
            Mesh.await(client, "meta");

            assertThat(client.call("front.go", null, String.class).join()).isEqualTo("ada!");
        }
    }

    @Test
    void targetsANodeById() {
        try (Mesh mesh = new Mesh()) {
            mesh.broker("a", math());
            mesh.broker("b", math());
            ServiceBroker client = mesh.broker("client");
            org.awaitility.Awaitility.await()
                    .until(() -> client.call("$node.services", null).join().findValues("nodes").stream()
                            .anyMatch(n -> n.size() == 2));

            for (int i = 0; i < 5; i++) {
                String where = client.call(
                                "v2.math.where",
                                null,
                                CallOptions.builder().nodeId("b").build(),
                                String.class)
                        .join();
                assertThat(where).isEqualTo("b");
            }
            assertThatThrownBy(() -> client.call(
                                    "v2.math.where",
                                    null,
                                    CallOptions.builder().nodeId("zz").build())
                            .join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(ServiceNotFoundException.class);
        }
    }
}
