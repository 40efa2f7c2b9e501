package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.CallOptions;
import io.mycelium.Default;
import io.mycelium.MyceliumException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceNotAvailableException;
import io.mycelium.ServiceNotFoundException;
import io.mycelium.SurveyReply;
import io.mycelium.SurveyResult;
import io.mycelium.ValidationException;
import io.mycelium.spi.Transporter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The communication patterns beyond call and emit, proved with real brokers on the transporter under test:
 * one-way messages, surveys, service toggling, hooks and validated params crossing the wire. A transporter
 * module extends this class and implements {@link #newTransporter(String, int)}; each test runs in its own
 * namespace with short heartbeats ({@link MeshNodes#HEARTBEAT}).
 */
public abstract class PatternsContractSuite {

    /** How long any single expectation may take before the test fails. */
    protected static final Duration PATIENCE = Duration.ofSeconds(10);

    /** How fast peers must stop (and resume) routing to a service toggled at run time. */
    protected static final Duration TOGGLE_WITHIN = Duration.ofSeconds(1);

    private final Map<String, InfoDeafTransporter> transporters = new ConcurrentHashMap<>();

    /** The brokers of the running test, in a namespace of its own; stopped after each test. */
    @RegisterExtension
    final MeshExtension mesh = MeshExtension.using((id, i) -> {
                InfoDeafTransporter t = new InfoDeafTransporter(newTransporter(id, i));
                transporters.put(id, t);
                return t;
            })
            .namespacePrefix("p");

    private final List<CountDownLatch> gates = new ArrayList<>();

    /** A new, unconnected transporter for the node {@code nodeId}, the {@code index}-th started in the test. */
    protected abstract Transporter newTransporter(String nodeId, int index);

    @AfterEach
    final void openGates() {
        // the extension stops the brokers after this: handlers parked on a gate must be let go first
        gates.forEach(CountDownLatch::countDown);
    }

    private CountDownLatch gate() {
        CountDownLatch latch = new CountDownLatch(1);
        gates.add(latch);
        return latch;
    }

    private static void hold(CountDownLatch gate) throws InterruptedException {
        if (!gate.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the test never opened the gate");
        }
    }

    protected static <T> T done(CompletableFuture<T> future) {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    protected static Throwable errorOf(CompletableFuture<?> future) {
        try {
            future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            return new AssertionError("expected a failure, got success");
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the future did not end within " + PATIENCE, e);
        }
    }

    // ------------------------------------------------------------------ one-way messages

    @Test
    void aOneWayMessageReachesExactlyOneOfTwoInstances() {
        List<String> received = new CopyOnWriteArrayList<>();
        Service.Builder inbox = Service.named("inbox")
                .action(
                        "put",
                        ctx -> received.add(ctx.broker().nodeId() + ":"
                                + ctx.params().path("n").asInt()));
        ServiceBroker a = mesh.start("a", x -> {});
        ServiceBroker b = mesh.start("b", x -> x.register(inbox));
        ServiceBroker c = mesh.start("c", x -> x.register(inbox));
        done(a.waitForServices(PATIENCE, "inbox"));
        await().atMost(PATIENCE).until(() -> servedBy(a, "inbox.put").size() == 2);

        done(a.send("inbox.put", Map.of("n", 0)));
        await().atMost(PATIENCE).until(() -> received.size() == 1);
        for (int n = 1; n < 20; n++) {
            done(a.send("inbox.put", Map.of("n", n)));
        }

        await().atMost(PATIENCE).until(() -> received.size() >= 20);
        await().during(Duration.ofMillis(300)).atMost(PATIENCE).until(() -> received.size() == 20);
        Set<String> numbers = ConcurrentHashMap.newKeySet();
        received.forEach(r -> numbers.add(r.substring(r.indexOf(':') + 1)));
        assertThat(numbers).as("each message handled exactly once").hasSize(20);
        assertThat(received)
                .as("both instances share the messages")
                .anyMatch(r -> r.startsWith(b.nodeId() + ":"))
                .anyMatch(r -> r.startsWith(c.nodeId() + ":"));
    }

    @Test
    void aFailingOneWayHandlerDoesNotReachTheSender() {
        AtomicInteger runs = new AtomicInteger();
        ServiceBroker a = mesh.start("a", x -> {});
        mesh.start(
                "b",
                x -> x.register(Service.named("inbox").action("put", ctx -> {
                    runs.incrementAndGet();
                    throw new IllegalStateException("refused");
                })));
        done(a.waitForServices(PATIENCE, "inbox"));

        done(a.send("inbox.put", Map.of("n", 1)));

        await().atMost(PATIENCE).until(() -> runs.get() == 1);
        assertThat(errorOf(a.send("nobody.here", null))).isInstanceOf(ServiceNotFoundException.class);
    }

    // ------------------------------------------------------------------ surveys

    @Test
    void aSurveyReturnsTheAnswersInTimeAndATimeoutForTheSlowNode() {
        CountDownLatch slow = gate();
        ServiceBroker a = mesh.start("a", x -> {});
        ServiceBroker b = mesh.start("b", x -> x.register(voter(null)));
        ServiceBroker c = mesh.start("c", x -> x.register(voter(null)));
        ServiceBroker d = mesh.start("d", x -> x.register(voter(slow)));
        await().atMost(PATIENCE).until(() -> servedBy(a, "poll.vote").size() == 3);

        long started = System.nanoTime();
        SurveyResult result = done(a.survey("poll.vote", Map.of("q", "lunch"), Duration.ofMillis(700)));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.replies()).hasSize(3);
        assertThat(result.answers(String.class))
                .containsOnly(
                        Map.entry(b.nodeId(), "lunch@" + b.nodeId()), Map.entry(c.nodeId(), "lunch@" + c.nodeId()));
        assertThat(result.timedOut()).containsExactly(d.nodeId());
        assertThat(result.complete()).isFalse();
        assertThat(tookMillis).as("the survey ends near its deadline").isLessThan(3_000);
    }

    @Test
    void aSurveyReportsAFailingNodeBesideTheAnswers() {
        ServiceBroker a = mesh.start("a", x -> x.register(voter(null)));
        ServiceBroker b = mesh.start(
                "b",
                x -> x.register(Service.named("poll").action("vote", ctx -> {
                    throw new MyceliumException("no opinion", 409, "NO_OPINION", ctx.params());
                })));
        await().atMost(PATIENCE).until(() -> servedBy(a, "poll.vote").size() == 2);

        SurveyResult result = done(a.survey("poll.vote", Map.of("q", "tea"), Duration.ofSeconds(3)));

        assertThat(result.answers(String.class)).containsOnly(Map.entry(a.nodeId(), "tea@" + a.nodeId()));
        assertThat(result.failures()).containsOnlyKeys(b.nodeId());
        assertThat(result.failures().values()).allMatch(e -> e.type().equals("NO_OPINION"));
        assertThat(result.replies())
                .anyMatch(r -> r instanceof SurveyReply.Failure f && f.error().code() == 409);
    }

    private Service.Builder voter(@org.jspecify.annotations.Nullable CountDownLatch slow) {
        return Service.named("poll").action("vote", ctx -> {
            if (slow != null) {
                hold(slow);
            }
            return ctx.params().path("q").asText() + "@" + ctx.broker().nodeId();
        });
    }

    // ------------------------------------------------------------------ service toggling

    @Test
    void aDisabledServiceGetsNoNewCallsWithinASecondFinishesItsCallInFlightAndResumesWhenEnabled() {
        CountDownLatch inFlight = gate();
        AtomicInteger servedByC = new AtomicInteger();
        ServiceBroker a = mesh.start("a", x -> {});
        ServiceBroker b = mesh.start("b", x -> x.register(worker(null, new AtomicInteger())));
        ServiceBroker c = mesh.start("c", x -> x.register(worker(inFlight, servedByC)));
        await().atMost(PATIENCE).until(() -> servedBy(a, "work.run").size() == 2);
        CompletableFuture<String> pending = a.call(
                "work.run",
                Map.of("hold", true),
                CallOptions.builder().nodeId(c.nodeId()).build(),
                String.class);
        await().atMost(PATIENCE).until(() -> servedByC.get() == 1);

        long disabledAt = System.nanoTime();
        assertThat(c.disableService("work")).isTrue();

        assertThat(c.serviceEnabled("work")).isFalse();
        await().pollInterval(Duration.ofMillis(5)).atMost(TOGGLE_WITHIN).until(() -> !servedBy(a, "work.run")
                .contains(c.nodeId()));
        System.out.printf(
                "%s: peers stopped routing to the disabled service after %d ms%n",
                getClass().getSimpleName(), (System.nanoTime() - disabledAt) / 1_000_000);
        for (int i = 0; i < 20; i++) {
            assertThat(done(a.call("work.run", Map.of(), String.class))).isEqualTo(b.nodeId());
        }
        assertThat(servedByC.get())
                .as("no new call reached the disabled service")
                .isEqualTo(1);
        assertThat(pending).isNotDone();
        inFlight.countDown();
        assertThat(done(pending)).as("the call in flight completes").isEqualTo(c.nodeId());

        assertThat(c.enableService("work")).isTrue();

        await().atMost(TOGGLE_WITHIN).until(() -> servedBy(a, "work.run").contains(c.nodeId()));
        Set<String> servers = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 10; i++) {
            servers.add(done(a.call("work.run", Map.of(), String.class)));
        }
        assertThat(servers).containsExactlyInAnyOrder(b.nodeId(), c.nodeId());
    }

    @Test
    void aCallRacingTheDisableIsRefusedRetryablySoTheCallerRetriesElsewhere() {
        AtomicInteger servedByC = new AtomicInteger();
        ServiceBroker a = mesh.start("a", x -> {});
        ServiceBroker b = mesh.start("b", x -> x.register(worker(null, new AtomicInteger())));
        ServiceBroker c = mesh.start("c", x -> x.register(worker(null, servedByC)));
        await().atMost(PATIENCE).until(() -> servedBy(a, "work.run").size() == 2);
        // a misses the INFO that says c disabled the service: it still routes to c
        java.util.Objects.requireNonNull(transporters.get(a.nodeId())).deaf(true);

        c.disableService("work");
        await().atMost(PATIENCE).until(() -> servedBy(b, "work.run").equals(Set.of(b.nodeId())));

        Throwable refused = errorOf(a.call(
                "work.run", Map.of(), CallOptions.builder().nodeId(c.nodeId()).build(), String.class));
        assertThat(refused).isInstanceOf(ServiceNotAvailableException.class);
        assertThat(((MyceliumException) refused).retryable()).isTrue();
        for (int i = 0; i < 6; i++) {
            String server = done(a.call(
                    "work.run", Map.of(), CallOptions.builder().retries(2).build(), String.class));
            assertThat(server).isEqualTo(b.nodeId());
        }
        assertThat(servedByC.get()).isZero();
    }

    private Service.Builder worker(@org.jspecify.annotations.Nullable CountDownLatch gate, AtomicInteger served) {
        return Service.named("work").action("run", ctx -> {
            served.incrementAndGet();
            if (gate != null && ctx.params().path("hold").asBoolean()) {
                hold(gate);
            }
            return ctx.broker().nodeId();
        });
    }

    // ------------------------------------------------------------------ hooks

    @Test
    void hooksRunInOrderReplaceTheResultAndRecoverErrorsAcrossTheWire() {
        List<String> order = new CopyOnWriteArrayList<>();
        Service.Builder shop = Service.named("shop")
                .before(ctx -> order.add("service before"))
                .before("price", ctx -> order.add("action before"))
                .action("price", ctx -> {
                    order.add("handler");
                    return 100;
                })
                .after("price", (ctx, r) -> {
                    order.add("action after");
                    return r instanceof Integer i ? i * 2 : r;
                })
                .after((ctx, r) -> {
                    order.add("service after");
                    return r instanceof Integer i ? Map.of("price", i) : r;
                })
                .action("fragile", ctx -> {
                    throw new IllegalStateException("broken");
                })
                .onError("fragile", (ctx, e) -> {
                    order.add("action error: " + e.getMessage());
                    throw new MyceliumException("wrapped " + e.getMessage(), 500, "WRAPPED", ctx.params());
                })
                .onError((ctx, e) -> {
                    order.add("service error: " + e.getMessage());
                    if (ctx.params().path("recover").asBoolean()) {
                        return "recovered";
                    }
                    throw (Exception) e;
                });
        ServiceBroker a = mesh.start("a", x -> {});
        mesh.start("b", x -> x.register(shop));
        done(a.waitForServices(PATIENCE, "shop"));

        JsonNode price = done(a.call("shop.price", Map.of()));

        assertThat(price.path("price").asInt()).isEqualTo(200);
        assertThat(order)
                .containsExactly("service before", "action before", "handler", "action after", "service after");

        order.clear();
        assertThat(done(a.call("shop.fragile", Map.of("recover", true), String.class)))
                .isEqualTo("recovered");
        assertThat(order).containsExactly("service before", "action error: broken", "service error: wrapped broken");

        Throwable error = errorOf(a.call("shop.fragile", Map.of("recover", false), String.class));
        assertThat(error).isInstanceOf(MyceliumException.class);
        assertThat(((MyceliumException) error).type()).isEqualTo("WRAPPED");
    }

    // ------------------------------------------------------------------ validation

    /** The params of {@code store.order}. */
    public record Order(
            @NotBlank String item,
            @Min(1) @Max(10) int quantity,
            @Default("standard") String shipping,
            @Default("3") int priority) {}

    @Test
    void validationFailuresCrossTheWireWithTheirFieldsAndDefaultsApply() {
        ServiceBroker a = mesh.start("a", x -> {});
        mesh.start("b", x -> x.register(Service.named("store").action("order", Order.class, (ctx, o) -> o)));
        done(a.waitForServices(PATIENCE, "store"));

        Throwable error = errorOf(a.call("store.order", Map.of("item", " ", "quantity", 20)));

        assertThat(error).isInstanceOf(ValidationException.class);
        ValidationException invalid = (ValidationException) error;
        assertThat(invalid.code()).isEqualTo(422);
        assertThat(invalid.type()).isEqualTo("VALIDATION_ERROR");
        List<String> fields = new ArrayList<>();
        invalid.data()
                .forEach(v -> fields.add(
                        v.path("field").asText() + "/" + v.path("type").asText()));
        assertThat(fields).containsExactly("item/stringEmpty", "quantity/numberMax");
        assertThat(invalid.data().get(1).path("actual").asInt()).isEqualTo(20);
        assertThat(invalid.data().get(1).path("message").asText()).contains("quantity");

        Throwable missing = errorOf(a.call("store.order", Map.of("item", "book")));
        assertThat(((ValidationException) missing).data().get(0).path("type").asText())
                .isEqualTo("required");

        Order order = done(a.call("store.order", Map.of("item", "book", "quantity", 2), Order.class));
        assertThat(order).isEqualTo(new Order("book", 2, "standard", 3));

        JsonNode actions = done(a.call("$node.actions", Map.of("skipInternal", true)));
        JsonNode schema = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        for (JsonNode item : actions) {
            if (item.path("name").asText().equals("store.order")) {
                schema = item.path("action").path("params");
            }
        }
        assertThat(schema.isObject()).as("the params schema announced in INFO").isTrue();
        assertThat(schema.path("item").path("type").asText()).isEqualTo("string");
        assertThat(schema.path("quantity").path("max").asInt()).isEqualTo(10);
        assertThat(schema.path("shipping").path("default").asText()).isEqualTo("standard");
    }

    // ------------------------------------------------------------------ helpers

    /** The nodes {@code broker} would route {@code action} to, read from its {@code $node.actions}. */
    private static Set<String> servedBy(ServiceBroker broker, String action) {
        JsonNode actions = done(broker.call("$node.actions", Map.of("withEndpoints", true)));
        Set<String> nodes = ConcurrentHashMap.newKeySet();
        for (JsonNode item : actions) {
            if (item.path("name").asText().equals(action)) {
                item.path("endpoints").forEach(e -> nodes.add(e.path("nodeID").asText()));
            }
        }
        return nodes;
    }
}
