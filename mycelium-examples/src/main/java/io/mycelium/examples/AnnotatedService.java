package io.mycelium.examples;

import io.mycelium.Action;
import io.mycelium.Context;
import io.mycelium.Event;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceName;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** A service written as a plain annotated class, with typed params (records) converted by Jackson. */
public final class AnnotatedService {

    private AnnotatedService() {}

    /** The params of {@code calculator.add}. */
    public record Add(double a, double b) {}

    /** A calculator service: actions are methods, events are methods. */
    @ServiceName("calculator")
    public static final class Calculator {

        @Action
        public double add(Add p) {
            return p.a() + p.b();
        }

        @Action(name = "mul")
        public double multiply(Add p, Context ctx) {
            return p.a() * p.b();
        }

        @Event("calculator.reset")
        public void onReset(Map<String, Object> data, Context ctx) {
            System.out.println("reset by " + ctx.nodeId() + ": " + data);
        }
    }

    public static void main(String[] args) {
        String transporter = args.length > 0 ? args[0] : "tcp://";
        String namespace = "annotated-" + UUID.randomUUID();
        try (ServiceBroker server = HelloService.broker("calc", transporter, namespace);
                ServiceBroker client = HelloService.broker("client", transporter, namespace)) {
            server.register(new Calculator());
            server.start();
            client.start();
            client.waitForServices(Duration.ofSeconds(10), "calculator").join();

            double sum =
                    client.call("calculator.add", new Add(1.5, 2), Double.class).join();
            double product =
                    client.call("calculator.mul", new Add(3, 4), Double.class).join();
            System.out.println("1.5 + 2 = " + sum + ", 3 * 4 = " + product);
        }
    }
}
