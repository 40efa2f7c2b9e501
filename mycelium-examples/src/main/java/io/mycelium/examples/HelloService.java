package io.mycelium.examples;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.util.Map;
import java.util.UUID;

/** Two nodes: one serves {@code greeter.hello}, the other finds it and calls it. */
public final class HelloService {

    private HelloService() {}

    public static void main(String[] args) {
        String transporter = args.length > 0 ? args[0] : "tcp://";
        String namespace = "hello-" + UUID.randomUUID();
        try (ServiceBroker server = broker("server", transporter, namespace);
                ServiceBroker client = broker("client", transporter, namespace)) {
            server.register(Service.named("greeter")
                    .action("hello", ctx -> "Hello " + ctx.params().path("name").asText("stranger")));
            server.start();
            client.start();

            client.waitForServices(java.time.Duration.ofSeconds(10), "greeter").join();
            String answer = client.call("greeter.hello", Map.of("name", "Ada"), String.class)
                    .join();
            System.out.println(answer); // Hello Ada
        }
    }

    static ServiceBroker broker(String nodeId, String transporter, String namespace) {
        return ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(namespace)
                .transporter(transporter)
                .build();
    }
}
