package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The local side of one-way messages, surveys and toggling (the multi-node side is in the testkit suite). */
class PatternsTest {

    @Test
    void aOneWayMessageRunsALocalHandlerWithoutWaitingForIt() {
        AtomicInteger got = new AtomicInteger();
        try (Mesh mesh = new Mesh()) {
            ServiceBroker b = mesh.broker(
                    "solo",
                    Service.named("sink")
                            .action(
                                    "put",
                                    ctx -> got.addAndGet(ctx.params().path("n").asInt()))
                            .action("relay", ctx -> ctx.send("sink.put", Map.of("n", 10))
                                    .thenApply(v -> "sent"))
                            .build());

            b.send("sink.put", Map.of("n", 1)).join();
            assertThat(b.call("sink.relay", null, String.class).join()).isEqualTo("sent");

            await().atMost(Duration.ofSeconds(5)).until(() -> got.get() == 11);
        }
    }

    @Test
    void aOneWayMessageCarriesTheTraceOverridesOfItsOptionsLocallyAndRemotely() throws Exception {
        java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        ActionHandler record = ctx -> {
            seen.add(ctx.requestId() + "|" + ctx.parentId().orElse("") + "|"
                    + ctx.tracing().orElse(null));
            return null;
        };
        try (Mesh mesh = new Mesh()) {
            mesh.broker("far", Service.named("sink").action("put", record).build());
            ServiceBroker near = mesh.broker(
                    "near", Service.named("here").action("put", record).build());
            Mesh.await(near, "sink");
            CallOptions options = CallOptions.builder()
                    .requestId("req-1")
                    .parentId("parent-1")
                    .tracing(true)
                    .build();

            near.send("sink.put", null, options).join();
            assertThat(seen.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("req-1|parent-1|true");
            near.send("here.put", null, options).join();
            assertThat(seen.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("req-1|parent-1|true");
        }
    }

    @Test
    void aFailingOneWayHandlerIsLoggedOnTheNodeThatRanIt() {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger("io.mycelium.internal.broker.Messenger");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
                new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try (Mesh mesh = new Mesh()) {
            mesh.broker(
                    "callee",
                    Service.named("sink")
                            .action("put", ctx -> {
                                throw new IllegalStateException("disk full");
                            })
                            .build());
            ServiceBroker sender = mesh.broker("sender");
            Mesh.await(sender, "sink");

            sender.send("sink.put", Map.of("n", 1)).join();

            await().atMost(Duration.ofSeconds(5)).until(() -> seen.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("'sink.put' from sender failed")
                            && e.getThrowableProxy() != null
                            && e.getThrowableProxy().getMessage().equals("disk full")));
        } finally {
            log.detachAppender(seen);
        }
    }

    @Test
    void aSurveyOfAnActionNobodyServesFailsAtOnce() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker b = mesh.broker("solo");

            assertThatThrownBy(() ->
                            b.survey("nobody.here", null, Duration.ofSeconds(1)).join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(ServiceNotFoundException.class);
        }
    }

    @Test
    void aSurveyIncludesTheLocalInstance() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker b = mesh.broker(
                    "solo", Service.named("poll").action("vote", ctx -> "yes").build());

            SurveyResult r = b.survey("poll.vote", null, SurveyOptions.within(Duration.ofSeconds(1)))
                    .join();

            assertThat(r.answers(String.class)).containsExactly(Map.entry("solo", "yes"));
            assertThat(r.complete()).isTrue();
        }
    }

    @Test
    void onlyRegisteredUserServicesCanBeToggledAndADisabledOneIsNotCalledLocally() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker b = mesh.broker("solo");
            b.register(Service.named("clock").action("now", ctx -> 1));

            assertThat(b.disableService("nothing")).isFalse();
            assertThat(b.disableService("$node")).isFalse();
            assertThat(b.disableService("clock")).isTrue();
            assertThat(b.serviceEnabled("clock")).isFalse();
            assertThatThrownBy(() -> b.call("clock.now", null).join())
                    .cause()
                    .isInstanceOf(ServiceNotFoundException.class);
            assertThat(b.enableService("clock")).isTrue();
            assertThat(b.call("clock.now", null, Integer.class).join()).isEqualTo(1);
        }
    }

    @Test
    void aServiceDisabledBeforeStartStaysOutOfTheMesh() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker server = mesh.builder("server").build();
            server.register(Service.named("quiet").action("ping", ctx -> "pong"));
            server.register(Service.named("loud").action("ping", ctx -> "PONG"));
            assertThat(server.disableService("quiet")).isTrue();
            server.start();
            ServiceBroker client = mesh.broker("client");
            Mesh.await(client, "loud");

            assertThatThrownBy(() -> client.call("quiet.ping", null).join())
                    .cause()
                    .isInstanceOf(ServiceNotFoundException.class);
            server.stop();
        }
    }
}
