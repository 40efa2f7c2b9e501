package com.example.consumer;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The README's service in ten lines, run from a project that only knows the published coordinates. */
public final class Main {

    public static void main(String[] args) throws InterruptedException {
        String transporter = args.length > 0 ? args[0] : "tcp://";
        CountDownLatch greeted = new CountDownLatch(1);

        ServiceBroker broker = ServiceBroker.builder()
                .nodeId("math-1")
                .namespace("consumer-" + UUID.randomUUID()) // a namespace of its own: no other mesh joins
                .transporter(transporter)
                .build();
        broker.register(Service.named("math")
                .action("add", ctx -> ctx.params().get("a").asInt() + ctx.params().get("b").asInt())
                .event("user.created", ctx -> greeted.countDown()));
        broker.start();
        int sum = broker.call("math.add", Map.of("a", 1, "b", 2), Integer.class).join();
        broker.emit("user.created", Map.of("name", "Ada"));
        boolean eventSeen = greeted.await(10, TimeUnit.SECONDS);
        broker.stop();

        System.out.println("math.add(1, 2) = " + sum + ", user.created " + (eventSeen ? "received" : "LOST"));
        if (sum != 3 || !eventSeen) {
            System.exit(1);
        }
    }
}
