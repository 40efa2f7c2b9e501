package io.mycelium.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mycelium.ActionDefinition;
import io.mycelium.MyceliumException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ValidationException;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** amqp-swarm's handler chains: several handlers on one action, in order, each given the previous value. */
class HandlerChainTest {

    record Greeting(@NotBlank String who) {}

    @ParameterizedTest
    @EnumSource(Meshes.Kind.class)
    void eachHandlerGetsThePreviousValueAndTheLastOneAnswersLocallyAndRemotely(Meshes.Kind kind) throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        Service greeter = Service.named("greeter")
                .action(
                        "hello",
                        ctx -> {
                            ran.add("first:" + ctx.params().path("who").asText());
                            return "hello " + ctx.params().path("who").asText();
                        },
                        (ctx, previous) -> {
                            ran.add("second:" + previous);
                            // an asynchronous link: its outcome is what the next one gets
                            return CompletableFuture.supplyAsync(() -> previous + ", general");
                        },
                        (ctx, previous) -> {
                            ran.add("third:" + previous);
                            return ((String) previous).toUpperCase();
                        })
                .build();
        try (Meshes mesh = new Meshes(kind)) {
            ServiceBroker server = mesh.broker("server", greeter);
            ServiceBroker client = mesh.broker("client");
            Meshes.await(client, "greeter");

            assertThat(server.call("greeter.hello", Map.of("who", "kenobi"), String.class)
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo("HELLO KENOBI, GENERAL");
            assertThat(ran).containsExactly("first:kenobi", "second:hello kenobi", "third:hello kenobi, general");
            ran.clear();
            assertThat(client.call("greeter.hello", Map.of("who", "grievous"), String.class)
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo("HELLO GRIEVOUS, GENERAL");
            assertThat(ran).containsExactly("first:grievous", "second:hello grievous", "third:hello grievous, general");
        }
    }

    @ParameterizedTest
    @EnumSource(Meshes.Kind.class)
    void anErrorStopsTheChainAndTheCallerGetsIt(Meshes.Kind kind) throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        Service council = Service.named("council")
                .action(ActionDefinition.of("promote", ctx -> {
                            ran.add("check");
                            return ctx.params().path("rank").asText();
                        })
                        .then((ctx, rank) -> {
                            ran.add("decide");
                            if (!"master".equals(rank)) {
                                throw new MyceliumException(
                                        "take a seat",
                                        403,
                                        "NOT_A_MASTER",
                                        JsonNodeFactory.instance
                                                .objectNode()
                                                .put("council", true)
                                                .put("master", false));
                            }
                            return "promoted";
                        })
                        .then((ctx, previous) -> {
                            ran.add("announce");
                            return previous;
                        }))
                .build();
        try (Meshes mesh = new Meshes(kind)) {
            mesh.broker("server", council);
            ServiceBroker client = mesh.broker("client");
            Meshes.await(client, "council");

            assertThatThrownBy(() -> client.call("council.promote", Map.of("rank", "knight"))
                            .get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(MyceliumException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("take a seat");
                        assertThat(e.type()).isEqualTo("NOT_A_MASTER");
                        assertThat(e.data().path("council").asBoolean()).isTrue();
                    });
            assertThat(ran).containsExactly("check", "decide");
            ran.clear();
            assertThat(client.call("council.promote", Map.of("rank", "master"), String.class)
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo("promoted");
            assertThat(ran).containsExactly("check", "decide", "announce");
        }
    }

    @ParameterizedTest
    @EnumSource(Meshes.Kind.class)
    void paramsAreValidatedAndHooksRunOnceAroundTheWholeChain(Meshes.Kind kind) throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        Service s = Service.named("chained")
                .action(ActionDefinition.of(
                                "greet", ctx -> ctx.params(Greeting.class).who())
                        .then((ctx, who) -> "hi " + who)
                        .withParams(Greeting.class))
                .before("greet", ctx -> ran.add("before"))
                .after("greet", (ctx, result) -> {
                    ran.add("after:" + result);
                    return result;
                })
                .build();
        try (Meshes mesh = new Meshes(kind)) {
            mesh.broker("server", s);
            ServiceBroker client = mesh.broker("client");
            Meshes.await(client, "chained");

            assertThat(client.call("chained.greet", Map.of("who", "rex"), String.class)
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo("hi rex");
            assertThat(ran).containsExactly("before", "after:hi rex");
            assertThatThrownBy(() ->
                            client.call("chained.greet", Map.of("who", "")).get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(ValidationException.class);
            assertThat(ran).hasSize(2); // neither the hooks nor any link ran for the invalid call
        }
    }
}
