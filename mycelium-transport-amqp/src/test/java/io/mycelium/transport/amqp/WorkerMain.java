package io.mycelium.transport.amqp;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.time.Duration;

/**
 * A worker in its own JVM for the redelivery tests: {@code WorkerMain <nodeId> <namespace> <amqp url>}, with
 * the message broker balancing. It serves {@code work.slow} ({@code {tag, ms}}: prints {@code START tag},
 * sleeps {@code ms}, prints {@code DONE tag}, returns its node ID) and handles the event {@code job.created}
 * in group {@code work} the same way ({@code EVENT-START tag}, {@code EVENT-DONE tag}). Prints
 * {@code READY} once started and leaves when its standard input closes.
 */
public final class WorkerMain {

    private WorkerMain() {}

    public static void main(String[] args) throws Exception {
        String nodeId = args[0];
        ServiceBroker broker = ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(args[1])
                .transporter(args[2])
                .disableBalancer(true)
                .gracefulStopTimeout(Duration.ofSeconds(1))
                .build();
        broker.register(Service.named("work")
                .action("slow", ctx -> {
                    String tag = ctx.params().path("tag").asText();
                    say("START " + tag);
                    Thread.sleep(ctx.params().path("ms").asLong());
                    say("DONE " + tag);
                    return nodeId;
                })
                .event("job.created", ctx -> {
                    String tag = ctx.params().path("tag").asText();
                    say("EVENT-START " + tag);
                    Thread.sleep(ctx.params().path("ms").asLong());
                    say("EVENT-DONE " + tag);
                }));
        broker.start();
        say("READY " + nodeId);
        while (System.in.read() >= 0) {
            // the parent closes our stdin (or dies): leave
        }
        broker.stop();
        System.exit(0);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
