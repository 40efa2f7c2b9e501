package io.mycelium.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.ActionDefinition;
import io.mycelium.ActionHandler;
import io.mycelium.CallOptions;
import io.mycelium.EventDefinition;
import io.mycelium.EventHandler;
import io.mycelium.ServerException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.spi.Middleware;
import io.mycelium.spi.OutgoingCall;
import io.mycelium.spi.OutgoingEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The middleware SPI: order, what each hook wraps, and fallbacks. */
class MiddlewareTest {

    /** Records every hook it sees, tagged with its name. */
    static final class Recording implements Middleware {
        final String tag;
        final List<String> seen;

        Recording(String tag, List<String> seen) {
            this.tag = tag;
            this.seen = seen;
        }

        @Override
        public OutgoingCall.Next call(OutgoingCall.Next next) {
            return c -> {
                seen.add(tag + " call " + c.action());
                return next.proceed(c);
            };
        }

        @Override
        public OutgoingEvent.Next emit(OutgoingEvent.Next next) {
            return e -> {
                if (!e.event().startsWith("$")) { // the broker's own events go through middlewares too
                    seen.add(tag + " " + e.kind() + " " + e.event());
                }
                return next.proceed(e);
            };
        }

        @Override
        public ActionHandler localAction(String fullName, ActionDefinition action, ActionHandler next) {
            if (fullName.startsWith("$")) {
                return next;
            }
            return ctx -> {
                seen.add(tag + " runs " + fullName);
                return next.handle(ctx);
            };
        }

        @Override
        public EventHandler localEvent(String service, EventDefinition event, EventHandler next) {
            return ctx -> {
                seen.add(tag + " handles " + event.name());
                next.handle(ctx);
            };
        }

        @Override
        public void started(ServiceBroker broker) {
            seen.add(tag + " started " + broker.nodeId());
        }

        @Override
        public void stopped(ServiceBroker broker) {
            seen.add(tag + " stopped " + broker.nodeId());
        }
    }

    @Test
    void middlewaresWrapCallsEventsHandlersAndLifecycleFirstOneOutermost() {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        Service service = Service.named("m")
                .action("echo", ctx -> ctx.params().asText())
                .action("relay", ctx -> ctx.call("m.echo", "inner").join().asText())
                .event("m.happened", ctx -> handled.add(ctx.eventName().orElseThrow()))
                .build();
        try (Nodes nodes = new Nodes("memory")) {
            ServiceBroker b = nodes.start(
                    "node", x -> x.middleware(new Recording("one", seen), new Recording("two", seen)), service);
            assertThat(seen).containsExactly("one started node", "two started node");
            seen.clear();

            assertThat(b.call("m.relay", null, String.class).join()).isEqualTo("inner");
            assertThat(seen)
                    .containsExactly(
                            "one call m.relay",
                            "two call m.relay",
                            "one runs m.relay",
                            "two runs m.relay",
                            "one call m.echo",
                            "two call m.echo",
                            "one runs m.echo",
                            "two runs m.echo");
            seen.clear();

            b.emit("m.happened", null).join();
            await().until(() -> handled.size() == 1);
            assertThat(seen)
                    .containsExactly(
                            "one EMIT m.happened",
                            "two EMIT m.happened",
                            "one handles m.happened",
                            "two handles m.happened");
            seen.clear();
            b.stop();
            assertThat(seen).containsExactly("one stopped node", "two stopped node");
        }
    }

    /** Records the one-way messages and the calls (with the node they are aimed at) it sees. */
    static final class Sends implements Middleware {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public OutgoingCall.Next send(OutgoingCall.Next next) {
            return c -> {
                seen.add("send " + c.action() + " " + c.params());
                return next.proceed(c);
            };
        }

        @Override
        public OutgoingCall.Next call(OutgoingCall.Next next) {
            return c -> {
                if (!c.action().startsWith("$")) {
                    seen.add(
                            "call " + c.action() + " to " + c.options().nodeId().orElse("any"));
                }
                return next.proceed(c);
            };
        }
    }

    @Test
    void oneWayMessagesAndEachCallOfASurveyGoThroughTheMiddlewares() {
        List<String> got = new CopyOnWriteArrayList<>();
        Service service = Service.named("w")
                .action("note", ctx -> got.add(ctx.params().asText()))
                .action("who", ctx -> ctx.broker().nodeId())
                .build();
        Sends sends = new Sends();
        try (Nodes nodes = new Nodes("memory")) {
            nodes.start("a", service);
            nodes.start("b", service);
            ServiceBroker client = nodes.start("client", x -> x.middleware(sends));
            FaultToleranceTest.awaitEndpoints(client, "w.who", 2);

            client.send("w.note", "hello").join();
            await().until(() -> got.contains("hello"));
            assertThat(sends.seen).containsExactly("send w.note hello");
            sends.seen.clear();

            var result = client.survey("w.who", null, io.mycelium.SurveyOptions.within(java.time.Duration.ofSeconds(5)))
                    .join();
            assertThat(result.answers()).containsOnlyKeys("a", "b");
            assertThat(sends.seen).containsExactlyInAnyOrder("call w.who to a", "call w.who to b");
        }
    }

    @Test
    void aCallFallbackAndAnActionFallbackAnswerInsteadOfTheError() {
        Service service = Service.named("f")
                .action("broken", ctx -> {
                    throw new ServerException("down");
                })
                .action(ActionDefinition.of("guarded", ctx -> {
                            throw new ServerException("down");
                        })
                        .withFallback(error -> "from the action's fallback: " + error.getMessage()))
                .build();
        try (Nodes nodes = new Nodes("memory")) {
            nodes.start("server", service);
            ServiceBroker client = nodes.start("client");
            client.waitForServices(java.time.Duration.ofSeconds(10), "f").join();

            assertThat(client.call(
                                    "f.broken",
                                    null,
                                    CallOptions.builder()
                                            .fallbackValue("cached")
                                            .build(),
                                    String.class)
                            .join())
                    .isEqualTo("cached");
            assertThat(client.call("f.guarded", null, String.class).join())
                    .isEqualTo("from the action's fallback: down");
        }
    }
}
