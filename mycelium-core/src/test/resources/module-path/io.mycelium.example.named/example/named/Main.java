package example.named;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ValidationException;
import io.mycelium.transport.tcp.NettyTcpTransporter;
import io.mycelium.transport.tcp.TcpTransporterOptions;
import jakarta.validation.constraints.Min;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Started by ModulePathTest on the module path: two brokers meshed over TCP on loopback (no UDP), a local
 * and a remote call, a validated record, an event, and a reach into an internal package. Prints one line
 * per check; exits 0 only when all held.
 */
public final class Main {
    /** Params bound by Jackson and validated by Hibernate Validator: this package is opened to both. */
    public record Sum(@Min(0) int a, int b) {}

    public static void main(String[] args) throws Exception {
        String namespace = "jpms-" + UUID.randomUUID().toString().substring(0, 13);
        CountDownLatch created = new CountDownLatch(2);
        System.out.println("module " + ServiceBroker.class.getModule().getName());

        NettyTcpTransporter seed = NettyTcpTransporter.create(
                TcpTransporterOptions.builder().host("127.0.0.1").udpDiscovery(false).build());
        ServiceBroker a = broker("a", namespace, seed);
        a.register(Service.named("math")
                .action("add", Sum.class, (ctx, p) -> p.a() + p.b())
                .event("user.created", ctx -> created.countDown()));
        a.start();
        ServiceBroker b = broker(
                "b",
                namespace,
                NettyTcpTransporter.create(TcpTransporterOptions.builder()
                        .host("127.0.0.1")
                        .udpDiscovery(false)
                        .urls(List.of("127.0.0.1:" + seed.port() + "/a"))
                        .build()));
        b.start();
        boolean ok = true;
        try {
            int local = a.call("math.add", Map.of("a", 1, "b", 2), Integer.class).get(10, TimeUnit.SECONDS);
            System.out.println("local call " + local);
            b.waitForServices(Duration.ofSeconds(10), "math").get(15, TimeUnit.SECONDS);
            int remote = b.call("math.add", Map.of("a", 20, "b", 22), Integer.class).get(10, TimeUnit.SECONDS);
            System.out.println("remote call " + remote);
            ok &= local == 3 && remote == 42;
            try {
                b.call("math.add", Map.of("a", -1, "b", 2)).get(10, TimeUnit.SECONDS);
                System.out.println("validation MISSING");
                ok = false;
            } catch (ExecutionException e) {
                System.out.println("validation " + e.getCause().getClass().getSimpleName());
                ok &= e.getCause() instanceof ValidationException;
            }
            a.emit("user.created", Map.of("name", "Ada"));
            b.emit("user.created", Map.of("name", "Grace"));
            boolean events = created.await(10, TimeUnit.SECONDS);
            System.out.println("events " + (events ? "received" : "LOST"));
            ok &= events;
            ok &= internalIsClosed(a);
        } finally {
            b.stop();
            a.stop();
        }
        System.exit(ok ? 0 : 1);
    }

    private static ServiceBroker broker(String id, String namespace, NettyTcpTransporter transporter) {
        return ServiceBroker.builder()
                .nodeId(id)
                .namespace(namespace)
                .transporter(transporter)
                .duplicateIdCheck(Duration.ZERO)
                .build();
    }

    /** The broker's class and an internal utility exist, but neither invoking nor opening them is allowed. */
    private static boolean internalIsClosed(ServiceBroker broker) throws ReflectiveOperationException {
        boolean closed = true;
        Method nodeId = broker.getClass().getMethod("nodeId");
        try {
            nodeId.invoke(broker);
            System.out.println("internal invoke ALLOWED " + broker.getClass().getName());
            closed = false;
        } catch (IllegalAccessException e) {
            System.out.println("internal invoke denied " + broker.getClass().getName());
        }
        Method object = Class.forName("io.mycelium.internal.util.Json").getMethod("object");
        try {
            object.setAccessible(true);
            System.out.println("internal setAccessible ALLOWED");
            closed = false;
        } catch (InaccessibleObjectException e) {
            System.out.println("internal setAccessible denied");
        }
        return closed;
    }
}
