package io.mycelium.examples;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Balanced events and broadcasts: {@code emit} reaches one handler per group, {@code broadcast} every
 * handler. Two nodes run a {@code mailer} (same group, so they share emitted events) and one runs an
 * {@code audit} service (a group of its own).
 */
public final class Events {

    private Events() {}

    public static void main(String[] args) throws InterruptedException {
        String transporter = args.length > 0 ? args[0] : "tcp://";
        String namespace = "events-" + UUID.randomUUID();
        CountDownLatch emitted = new CountDownLatch(2); // one mailer + the audit
        CountDownLatch broadcast = new CountDownLatch(3); // both mailers + the audit
        try (ServiceBroker a = HelloService.broker("mailer-a", transporter, namespace);
                ServiceBroker b = HelloService.broker("mailer-b", transporter, namespace);
                ServiceBroker audit = HelloService.broker("audit", transporter, namespace)) {
            for (ServiceBroker mailer : new ServiceBroker[] {a, b}) {
                mailer.register(Service.named("mailer").event("user.*", ctx -> {
                    System.out.println(
                            mailer.nodeId() + " got " + ctx.eventName().orElseThrow() + " " + ctx.data());
                    (ctx.eventName().orElseThrow().equals("user.created") ? emitted : broadcast).countDown();
                }));
            }
            audit.register(Service.named("audit").event("user.*", ctx -> {
                System.out.println("audit got " + ctx.eventName().orElseThrow());
                (ctx.eventName().orElseThrow().equals("user.created") ? emitted : broadcast).countDown();
            }));
            a.start();
            b.start();
            audit.start();
            audit.waitForServices(Duration.ofSeconds(10), "mailer").join();
            // waitForServices returns once one mailer is known; the broadcast below must find both.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!audit.pingAll(Duration.ofSeconds(1)).join().keySet().containsAll(List.of(a.nodeId(), b.nodeId()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            audit.emit("user.created", Map.of("name", "Ada")).join(); // one mailer + audit
            audit.broadcast("user.deleted", Map.of("name", "Alan")).join(); // both mailers + audit
            boolean all = emitted.await(5, TimeUnit.SECONDS) && broadcast.await(5, TimeUnit.SECONDS);
            System.out.println(all ? "every event arrived where expected" : "some events are missing");
        }
    }
}
