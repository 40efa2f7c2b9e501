package io.mycelium.examples;

import io.mycelium.After;
import io.mycelium.Before;
import io.mycelium.Context;
import io.mycelium.Default;
import io.mycelium.OnError;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceName;
import io.mycelium.SurveyResult;
import io.mycelium.ValidationException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/** One-way messages, surveys, service toggling, hooks and validated params, on three nodes. */
public final class Patterns {

    private Patterns() {}

    /** The params of {@code shop.order}: validated before the handler runs, defaults applied. */
    public record Order(
            @NotBlank String item,
            @Min(1) @Max(10) int quantity,
            @Default("standard") String shipping) {}

    /** A shop with hooks around its actions. */
    @ServiceName("shop")
    public static final class Shop {
        @Before
        void log(Context ctx) {
            ctx.meta().put("seenBy", ctx.broker().nodeId());
        }

        @io.mycelium.Action
        String order(Order o) {
            if (o.item().equals("unicorn")) {
                throw new IllegalStateException("out of stock");
            }
            return o.quantity() + " x " + o.item() + " (" + o.shipping() + ")";
        }

        @After("order")
        String stamp(String confirmation) {
            return "OK " + confirmation;
        }

        @OnError("order")
        String sorry(IllegalStateException e) {
            return "SORRY " + e.getMessage();
        }
    }

    public static void main(String[] args) {
        String transporter = args.length > 0 ? args[0] : "tcp://";
        String namespace = "patterns-" + UUID.randomUUID();
        try (ServiceBroker a = HelloService.broker("a", transporter, namespace);
                ServiceBroker b = HelloService.broker("b", transporter, namespace);
                ServiceBroker client = HelloService.broker("client", transporter, namespace)) {
            for (ServiceBroker node : new ServiceBroker[] {a, b}) {
                node.register(new Shop());
                node.register(Service.named("stock")
                        .action("count", ctx -> node.nodeId().equals("a") ? 3 : 5)
                        .action("restock", ctx -> {
                            System.out.println("restock on " + node.nodeId());
                            return null;
                        }));
                node.start();
            }
            client.start();
            client.waitForServices(Duration.ofSeconds(10), "shop", "stock").join();

            System.out.println(client.call("shop.order", Map.of("item", "pen", "quantity", 2), String.class)
                    .join()); // OK 2 x pen (standard)
            System.out.println(client.call("shop.order", Map.of("item", "unicorn", "quantity", 1), String.class)
                    .join()); // SORRY out of stock
            try {
                client.call("shop.order", Map.of("item", "", "quantity", 50)).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof ValidationException invalid) {
                    System.out.println(invalid.code() + " " + invalid.data()); // 422 [{"type":"stringEmpty",...
                }
            }

            client.send("stock.restock", Map.of()).join(); // one of a, b prints; nobody waits

            SurveyResult counts =
                    client.survey("stock.count", null, Duration.ofSeconds(2)).join();
            System.out.println("stock per node: " + counts.answers(Integer.class));

            b.disableService("stock"); // b keeps running; its new INFO tells the mesh to stop routing to it
            Map<String, Integer> after = Map.of();
            for (long end = System.nanoTime() + 5_000_000_000L; System.nanoTime() < end; ) {
                after = client.survey("stock.count", null, Duration.ofSeconds(2))
                        .join()
                        .answers(Integer.class);
                if (after.size() == 1) {
                    break; // the client heard (within milliseconds)
                }
            }
            System.out.println("after disabling on b: " + after);
        }
    }
}
