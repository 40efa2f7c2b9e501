package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HooksTest {

    @ServiceName("ledger")
    static final class Ledger {
        final List<String> order = new CopyOnWriteArrayList<>();

        @Before
        void audit(Context ctx) {
            order.add("service before " + ctx.action().orElse("?"));
        }

        @Before("debit")
        void checkFunds() {
            order.add("debit before");
        }

        @Action
        int debit(Map<String, Integer> p) {
            order.add("handler");
            if (p.getOrDefault("amount", 0) < 0) {
                throw new IllegalArgumentException("negative");
            }
            return p.getOrDefault("amount", 0);
        }

        @Action
        CompletableFuture<Integer> later() {
            return CompletableFuture.supplyAsync(() -> 21);
        }

        @After("debit")
        Map<String, Object> receipt(Context ctx, Integer amount) {
            order.add("debit after");
            return Map.of("debited", amount);
        }

        @After("later")
        int twice(Integer value) {
            return value * 2;
        }

        @After
        void observe(Object result) {
            order.add("service after " + result);
        }

        @OnError("debit")
        Object refuse(IllegalArgumentException e) {
            order.add("debit error " + e.getMessage());
            return Map.of("refused", e.getMessage());
        }

        @OnError
        Object never(Context ctx, Throwable e) throws Throwable {
            order.add("service error");
            throw e;
        }
    }

    @Test
    void annotatedHooksRunInTheDocumentedOrderAndReplaceTheResult() {
        Ledger ledger = new Ledger();
        try (Mesh mesh = new Mesh()) {
            ServiceBroker b = mesh.broker("solo");
            b.register(ledger);

            Map<?, ?> result =
                    b.call("ledger.debit", Map.of("amount", 5), Map.class).join();

            assertThat(result).isEqualTo(Map.of("debited", 5));
            assertThat(ledger.order)
                    .containsExactly(
                            "service before ledger.debit",
                            "debit before",
                            "handler",
                            "debit after",
                            "service after {debited=5}");
        }
    }

    @Test
    void anErrorHookRecoversAndLaterErrorHooksDoNotRun() {
        Ledger ledger = new Ledger();
        try (Mesh mesh = new Mesh()) {
            ServiceBroker b = mesh.broker("solo");
            b.register(ledger);

            Map<?, ?> result =
                    b.call("ledger.debit", Map.of("amount", -1), Map.class).join();

            assertThat(result).isEqualTo(Map.of("refused", "negative"));
            assertThat(ledger.order)
                    .containsExactly("service before ledger.debit", "debit before", "handler", "debit error negative");
        }
    }

    @Test
    void afterHooksWaitForAnAsynchronousResult() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker b = mesh.broker("solo");
            b.register(new Ledger());

            assertThat(b.call("ledger.later", null, Integer.class).join()).isEqualTo(42);
        }
    }

    @Test
    void aBeforeHookThatThrowsStopsTheCallAndTheErrorHooksSeeIt() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Service guarded = Service.named("vault")
                .before(ctx -> {
                    throw new RequestRejectedException("closed", null);
                })
                .action("open", ctx -> {
                    seen.add("handler");
                    return "opened";
                })
                .onError("open", (ctx, e) -> {
                    seen.add("error " + e.getClass().getSimpleName());
                    throw (Exception) e;
                })
                .build();
        try (Mesh mesh = new Mesh()) {
            mesh.broker("server", guarded);
            ServiceBroker client = mesh.broker("client", b -> b.preferLocal(false));
            Mesh.await(client, "vault");

            assertThatThrownBy(
                            () -> client.call("vault.open", null, String.class).join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(RequestRejectedException.class);
            assertThat(seen).containsExactly("error RequestRejectedException");
        }
    }

    @Test
    void aFailingAfterHookGoesToTheErrorHooks() {
        Service s = Service.named("fmt")
                .action("render", ctx -> "raw")
                .after("render", (ctx, r) -> {
                    throw new IllegalStateException("template missing");
                })
                .onError((ctx, e) -> "fallback: " + e.getMessage())
                .build();
        try (Mesh mesh = new Mesh()) {
            ServiceBroker b = mesh.broker("solo", s);

            assertThat(b.call("fmt.render", null, String.class).join()).isEqualTo("fallback: template missing");
        }
    }
}
