package io.mycelium.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mycelium.ActionDefinition;
import io.mycelium.EventDefinition;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** atom.js's handle/unhandle: one action or event handler added to or removed from a running service. */
class RuntimeHandlersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @ParameterizedTest
    @EnumSource(Meshes.Kind.class)
    void anAddedActionIsCallableFromPeersAndARemovedOneAnswersNotFound(Meshes.Kind kind) throws Exception {
        try (Meshes mesh = new Meshes(kind)) {
            ServiceBroker server = mesh.broker(
                    "server",
                    Service.named("robot").action("ping", ctx -> "pong").build());
            ServiceBroker client = mesh.broker("client");
            Meshes.await(client, "robot");
            List<Boolean> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
            client.register(Service.named("watcher")
                    .event(
                            "$services.changed",
                            ctx -> changes.add(ctx.params().path("localService").asBoolean()))
                    .build());

            server.addAction(
                    "robot",
                    ActionDefinition.of("walk", ctx -> "walking " + ctx.params().path("steps")));
            // the client learns it from the INFO the server sends at once (no heartbeat wait)
            await().atMost(WAIT)
                    .until(() ->
                            client.call("$node.actions", null).join().toString().contains("robot.walk"));
            assertThat(client.call("robot.walk", Map.of("steps", 3), String.class)
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo("walking 3");
            assertThat(changes).contains(false);

            assertThat(server.removeAction("robot", "walk")).isTrue();
            assertThat(server.removeAction("robot", "walk")).isFalse();
            assertThat(server.removeAction("nothing", "walk")).isFalse();
            assertThatThrownBy(() -> server.call("robot.walk", null).get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(ServiceNotFoundException.class);
            await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(
                            () -> client.call("robot.walk", null).get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(ServiceNotFoundException.class));
            // the rest of the service is untouched
            assertThat(client.call("robot.ping", null, String.class).get(10, TimeUnit.SECONDS))
                    .isEqualTo("pong");
        }
    }

    @Test
    void addingToAnUnknownServiceOrTwiceTheSameActionIsRefused() {
        try (Meshes mesh = new Meshes(Meshes.Kind.MEMORY)) {
            ServiceBroker b = mesh.broker(
                    "solo", Service.named("robot").action("ping", ctx -> "pong").build());
            assertThatThrownBy(() -> b.addAction("nothing", ActionDefinition.of("x", ctx -> 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no local service nothing");
            assertThatThrownBy(() -> b.addAction("robot", ActionDefinition.of("ping", ctx -> 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("duplicate action 'ping'");
            assertThatThrownBy(() -> b.addAction("$node", ActionDefinition.of("x", ctx -> 1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(b.removeAction("$node", "list")).isFalse();
        }
    }

    @Test
    void beforeStartTheChangeJoinsTheDefinition() throws Exception {
        try (Meshes mesh = new Meshes(Meshes.Kind.MEMORY)) {
            ServiceBroker b = ServiceBroker.builder()
                    .nodeId("early")
                    .namespace("early-" + java.util.UUID.randomUUID())
                    .transporter("memory://")
                    .build();
            b.register(Service.named("robot").action("ping", ctx -> "pong").build());
            b.addAction("robot", ActionDefinition.of("walk", ctx -> "walking"));
            assertThat(b.removeAction("robot", "ping")).isTrue();
            b.start();
            try {
                assertThat(b.call("robot.walk", null, String.class).get(10, TimeUnit.SECONDS))
                        .isEqualTo("walking");
                assertThatThrownBy(() -> b.call("robot.ping", null).get(10, TimeUnit.SECONDS))
                        .cause()
                        .isInstanceOf(ServiceNotFoundException.class);
            } finally {
                b.stop();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Meshes.Kind.class)
    void callsInFlightToARemovedActionFinishAndLaterOnesGetNotFound(Meshes.Kind kind) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        Service s = Service.named("worker")
                .action("slow", ctx -> {
                    started.incrementAndGet();
                    release.await(20, TimeUnit.SECONDS);
                    return ctx.params().path("n").asInt();
                })
                .action("fast", ctx -> ctx.params().path("n").asInt())
                .build();
        try (Meshes mesh = new Meshes(kind)) {
            ServiceBroker server = mesh.broker("server", s);
            ServiceBroker client = mesh.broker("client");
            Meshes.await(client, "worker");

            int inFlight = 40;
            List<CompletableFuture<Integer>> slow = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                ServiceBroker from = i % 2 == 0 ? client : server;
                slow.add(from.call("worker.slow", Map.of("n", i), Integer.class));
            }
            await().atMost(WAIT).until(() -> started.get() == inFlight);
            // load on the action while it is removed: every call either answers or gets the typed error
            List<CompletableFuture<Integer>> during = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                during.add(client.call("worker.fast", Map.of("n", i), Integer.class));
                if (i == 100) {
                    assertThat(server.removeAction("worker", "fast")).isTrue();
                    assertThat(server.removeAction("worker", "slow")).isTrue();
                }
            }
            release.countDown();
            for (int i = 0; i < inFlight; i++) {
                assertThat(slow.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
            int answered = 0;
            int notFound = 0;
            for (int i = 0; i < during.size(); i++) {
                try {
                    assertThat(during.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
                    answered++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ServiceNotFoundException.class);
                    notFound++;
                }
            }
            assertThat(answered + notFound).isEqualTo(200);
            await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(
                            () -> client.call("worker.slow", Map.of("n", 1)).get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(ServiceNotFoundException.class));
            assertThatThrownBy(() -> server.call("worker.fast", Map.of("n", 1)).get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(ServiceNotFoundException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Meshes.Kind.class)
    void anEventHandlerAddedAtRunTimeReceivesAndOnceRemovedNoLonger(Meshes.Kind kind) throws Exception {
        AtomicInteger got = new AtomicInteger();
        try (Meshes mesh = new Meshes(kind)) {
            ServiceBroker listener =
                    mesh.broker("listener", Service.named("ears").build());
            ServiceBroker emitter = mesh.broker("emitter");
            Meshes.await(emitter, "ears");

            listener.addEvent("ears", EventDefinition.of("noise.*", ctx -> got.incrementAndGet()));
            await().atMost(WAIT)
                    .until(() ->
                            emitter.call("$node.events", null).join().toString().contains("noise.*"));
            emitter.emit("noise.bang", Map.of()).get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> got.get() == 1);

            assertThat(listener.removeEvent("ears", "noise.*")).isTrue();
            assertThat(listener.removeEvent("ears", "noise.*")).isFalse();
            await().atMost(WAIT).until(() -> !emitter.call("$node.events", null)
                    .join()
                    .toString()
                    .contains("noise.*"));
            emitter.broadcast("noise.bang", Map.of()).get(10, TimeUnit.SECONDS);
            listener.broadcastLocal("noise.bang", Map.of()).get(10, TimeUnit.SECONDS);
            // a marker event sent after: once it is handled, the earlier ones would have been too
            AtomicInteger marker = new AtomicInteger();
            listener.addEvent("ears", EventDefinition.of("marker", ctx -> marker.incrementAndGet()));
            await().atMost(WAIT)
                    .until(() ->
                            emitter.call("$node.events", null).join().toString().contains("marker"));
            emitter.emit("marker", null).get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> marker.get() == 1);
            assertThat(got.get()).isEqualTo(1);
        }
    }
}
