package io.mycelium.transport.amqp;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * A worker in its own JVM for the redelivery tests: {@code WorkerMain <nodeId> <namespace> <amqp url>}, with
 * the message broker balancing. It serves {@code work.slow} ({@code {tag, ms}}: prints {@code START tag},
 * holds for {@code ms} or until released, prints {@code DONE tag}, returns its node ID) and handles the event
 * {@code job.created} in group {@code work} the same way ({@code EVENT-START tag}, {@code EVENT-DONE tag}). A
 * line {@code release <tag>} on its standard input ends the holds of that tag at once, those running and those
 * to come (the test releases the survivor, which then answers a redelivered packet without waiting). Prints
 * {@code READY} once started and leaves when its standard input closes.
 */
public final class WorkerMain {

    private static final Set<String> RELEASED = new HashSet<>(); // guarded by itself

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
                    hold(tag, ctx.params().path("ms").asLong());
                    say("DONE " + tag);
                    return nodeId;
                })
                .event("job.created", ctx -> {
                    String tag = ctx.params().path("tag").asText();
                    say("EVENT-START " + tag);
                    hold(tag, ctx.params().path("ms").asLong());
                    say("EVENT-DONE " + tag);
                }));
        broker.start();
        say("READY " + nodeId);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("release ")) {
                synchronized (RELEASED) {
                    RELEASED.add(line.substring("release ".length()).strip());
                    RELEASED.notifyAll();
                }
            }
        }
        // the parent closed our stdin (or died): leave
        broker.stop();
        System.exit(0);
    }

    /** Waits {@code ms} at most, less once {@code tag} is released. */
    private static void hold(String tag, long ms) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000;
        synchronized (RELEASED) {
            for (long left = ms;
                    left > 0 && !RELEASED.contains(tag);
                    left = (deadline - System.nanoTime()) / 1_000_000) {
                RELEASED.wait(left);
            }
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
