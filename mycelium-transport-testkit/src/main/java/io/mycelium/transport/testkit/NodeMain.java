package io.mycelium.transport.testkit;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker in its own JVM for fault tests ({@link NodeProcess}): {@code NodeMain <nodeId> <namespace>
 * <transporter url>}. It serves {@code echo.whoami} (its node id) and handles the event {@code job.done}
 * in group {@code echo}. Prints {@code READY <nodeId>} once started and stops when its standard input
 * closes (a SIGKILL gives it no such chance, which is the point).
 */
public final class NodeMain {

    private NodeMain() {}

    public static void main(String[] args) throws Exception {
        String nodeId = args[0];
        AtomicLong events = new AtomicLong();
        ServiceBroker broker = ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(args[1])
                .transporter(args[2])
                .requestTimeout(Duration.ofSeconds(10))
                .gracefulStopTimeout(Duration.ofSeconds(1))
                .build();
        broker.register(Service.named("echo")
                .action("whoami", ctx -> nodeId)
                .event("job.done", ctx -> events.incrementAndGet()));
        broker.start();
        System.out.println("READY " + nodeId);
        System.out.flush();
        while (System.in.read() >= 0) {
            // the parent closes our stdin (or dies): leave
        }
        broker.stop();
        System.exit(0);
    }
}
