package io.mycelium.internal.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.protocol.EventPacket;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.protocol.ResponsePacket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node settles each inbound REQUEST and EVENT exactly once, when its handler has ended (not when it was
 * dispatched), on every path: success, a handler that throws, an unknown action, an event nobody here
 * handles, and a node that stops with a handler in flight or after it stopped.
 */
class SettlementTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String namespace = "t-" + UUID.randomUUID();
    private final SettlingTransporter wire = new SettlingTransporter();
    private final SettlingTransporter callerWire = new SettlingTransporter();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger slowRuns = new AtomicInteger();
    private ServiceBroker caller;
    private ServiceBroker worker;

    @BeforeEach
    void startTwoNodes() {
        worker = ServiceBroker.builder()
                .nodeId("worker")
                .namespace(namespace)
                .transporter(wire)
                .gracefulStopTimeout(PATIENCE)
                .build();
        worker.register(Service.named("svc")
                .action("ok", ctx -> "ok")
                .action("fail", ctx -> {
                    throw new IllegalStateException("boom");
                })
                .action("slow", ctx -> {
                    slowRuns.incrementAndGet();
                    started.countDown();
                    release.await();
                    return "slow";
                })
                .event("thing.ok", ctx -> {})
                .event("thing.fail", ctx -> {
                    throw new IllegalStateException("boom");
                })
                .event("thing.slow", ctx -> {
                    started.countDown();
                    release.await();
                }));
        worker.start();
        caller = ServiceBroker.builder()
                .nodeId("caller")
                .namespace(namespace)
                .transporter(callerWire)
                .build();
        caller.start();
        caller.waitForServices(PATIENCE, "svc").join();
    }

    @AfterEach
    void everyPacketIsSettledExactlyOnce() {
        release.countDown();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(wire.received)
                .allSatisfy(r -> assertThat(r.settlements).as(r.toString()).hasValue(1)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(callerWire.received)
                .allSatisfy(r -> assertThat(r.settlements).as(r.toString()).hasValue(1)));
        caller.stop();
        worker.stop();
    }

    @Test
    void aRequestIsSettledWhenItsHandlerHasEnded() throws Exception {
        CompletableFuture<String> call = caller.call("svc.slow", null, String.class);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(wire.of("svc.slow")).singleElement().satisfies(r -> assertThat(r.settlements)
                .as("not settled while the handler runs")
                .hasValue(0));

        release.countDown();

        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("slow");
        awaitSettled("svc.slow", true);
        assertThat(caller.call("svc.ok", null, String.class).get(10, TimeUnit.SECONDS))
                .isEqualTo("ok");
        awaitSettled("svc.ok", true);
    }

    @Test
    void aHandlerThatThrowsIsAnsweredAndSettledAsHandled() {
        assertThatThrownBy(() -> caller.call("svc.fail", null, String.class).get(10, TimeUnit.SECONDS))
                .hasMessageContaining("boom");

        awaitSettled("svc.fail", true);
    }

    @Test
    void anUnknownActionIsAnsweredAndSettledAsHandled() {
        wire.inject(request("svc.nope"));

        awaitSettled("svc.nope", true);
    }

    @Test
    void anEventIsSettledWhenItsHandlerHasEnded() throws Exception {
        caller.emit("thing.slow", 1).get(10, TimeUnit.SECONDS);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(wire.of("thing.slow")).singleElement().satisfies(r -> assertThat(r.settlements)
                .as("not settled while the handler runs")
                .hasValue(0));

        release.countDown();

        awaitSettled("thing.slow", true);
    }

    @Test
    void anEventHandlerThatThrowsIsSettledAsHandledAndAnUnhandledEventAsDropped() throws Exception {
        caller.emit("thing.fail", 1).get(10, TimeUnit.SECONDS);
        wire.inject(event("thing.nobody"));

        awaitSettled("thing.fail", true);
        awaitSettled("thing.nobody", false);
    }

    @Test
    void aNodeStoppingWithAHandlerInFlightSettlesItWhenTheHandlerEnds() throws Exception {
        CompletableFuture<String> call = caller.call("svc.slow", null, String.class);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Thread stopping = Thread.ofPlatform().start(worker::stop);
        await().atMost(PATIENCE).until(() -> !worker.running());
        assertThat(wire.of("svc.slow").get(0).settlements).hasValue(0);

        release.countDown();

        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("slow");
        awaitSettled("svc.slow", true);
        stopping.join(PATIENCE.toMillis());
        assertThat(stopping.isAlive()).isFalse();

        // after the stop: refused (its answer cannot even be sent) and dropped, but settled all the same
        wire.inject(request("svc.ok"));
        wire.inject(event("thing.ok"));
        awaitSettled("svc.ok", false);
        awaitSettled("thing.ok", false);
    }

    @Test
    void aRedeliveredCopyOfARequestThisNodeRunsOrRanIsNotRunTwice() throws Exception {
        RequestPacket p = request("svc.slow");
        SettlingTransporter.Received first = wire.inject(p, true, false);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        SettlingTransporter.Received whileRunning = wire.inject(p, true, true);
        assertThat(whileRunning.settlements).as("waits for the first run").hasValue(0);
        release.countDown();

        awaitSettled("svc.slow", true);
        SettlingTransporter.Received afterwards = wire.inject(p, true, true);
        awaitSettled("svc.slow", true);
        assertThat(List.of(first, whileRunning, afterwards))
                .allSatisfy(r -> assertThat(r.handled).isTrue());
        assertThat(slowRuns).as("the handler ran once").hasValue(1);
        // a redelivered request this node never saw runs
        wire.inject(request("svc.slow"), true, true);
        await().atMost(PATIENCE).until(() -> slowRuns.get() == 2);
    }

    @Test
    void aSecondResponseToAnAnsweredCallIsDroppedQuietly() throws Exception {
        assertThat(caller.call("svc.ok", null, String.class).get(10, TimeUnit.SECONDS))
                .isEqualTo("ok");
        String id = wire.of("svc.ok").get(0).id;

        // what the caller gets when the broker redelivered the request and a second worker answered it too
        SettlingTransporter.Received second = callerWire.inject(new ResponsePacket(
                worker.nodeId(),
                id,
                true,
                F.textNode("second answer"),
                Optional.empty(),
                F.objectNode(),
                F.objectNode(),
                false,
                OptionalInt.empty()));

        assertThat(second.settlements).hasValue(1);
        assertThat(second.handled).isTrue();
        assertThat(caller.call("svc.ok", null, String.class).get(10, TimeUnit.SECONDS))
                .isEqualTo("ok");
    }

    @Test
    void aHandlerStillRunningPastTheCallersDeadlineIsSettledSoThatItsSlotIsFreed() throws Exception {
        SettlingTransporter.Received hung = wire.inject(request("svc.slow", 300), true, false);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        awaitSettled("svc.slow", true); // while the handler still runs

        assertThat(slowRuns).hasValue(1);
        release.countDown(); // its end settles nothing more (checked after each test)
        assertThat(hung.handled).isTrue();
    }

    private void awaitSettled(String name, boolean handled) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<SettlingTransporter.Received> of = wire.of(name);
            assertThat(of).as(name).isNotEmpty().allSatisfy(r -> {
                assertThat(r.settlements).as(r.toString()).hasValue(1);
                assertThat(r.handled).as(r.toString()).isEqualTo(handled);
            });
        });
    }

    private RequestPacket request(String action) {
        return request(action, 0);
    }

    private RequestPacket request(String action, long timeoutMillis) {
        return new RequestPacket(
                caller.nodeId(),
                "injected-" + UUID.randomUUID(),
                action,
                F.objectNode(),
                F.objectNode(),
                F.objectNode(),
                timeoutMillis,
                1,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                OptionalInt.empty());
    }

    private EventPacket event(String name) {
        return new EventPacket(
                caller.nodeId(),
                "injected-" + UUID.randomUUID(),
                name,
                F.numberNode(1),
                Optional.of(List.of("svc")),
                false,
                F.objectNode(),
                F.objectNode(),
                1,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                false,
                OptionalInt.empty());
    }
}
