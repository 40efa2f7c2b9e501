package io.mycelium.transport.testkit;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.io.PrintStream;

/**
 * A server node of the chaos suite in its own JVM: {@code ChaosNodeMain <nodeId> <namespace> <url>}, with
 * the library's default options (heartbeats, timeouts, reconnection): the suite measures what a user gets.
 * It serves {@code chaos.work} (answers its node id) and handles the balanced event {@code chaos.tick}
 * (its data a sequence number) by printing {@code EVENT <seq>} on standard output, flushed at once, so the
 * parent still reads it after a SIGKILL. Prints {@code READY} once started; leaves when its standard input
 * closes.
 */
public final class ChaosNodeMain {

    /** The line prefix of a handled event. */
    static final String EVENT = "EVENT ";

    private ChaosNodeMain() {}

    public static void main(String[] args) throws Exception {
        String nodeId = args[0];
        PrintStream out = System.out;
        ServiceBroker broker = ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(args[1])
                .transporter(args[2])
                .build();
        broker.register(Service.named("chaos").action("work", ctx -> nodeId).event("chaos.tick", ctx -> {
            synchronized (out) {
                out.println(EVENT + ctx.data().asLong());
                out.flush();
            }
        }));
        broker.start();
        synchronized (out) {
            out.println("READY " + nodeId);
            out.flush();
        }
        // the parent closes our stdin (or dies): leave
        while (System.in.read() >= 0) {
            // keep reading
        }
        broker.stop();
        System.exit(0);
    }
}
