package io.mycelium.transport.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.CallOptions;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The brokers of one test host ({@link NetnsHosts}) in one JVM, driven by commands on standard input (one
 * JVM serves many tests: JVMs are slow to start). {@code HostNodeMain [<namespace> <url> <nodeId>...]}
 * starts those brokers at once, then prints {@code READY}. Every broker has the library's defaults and
 * serves {@code host.work} (answers its node id; a {@code sleepMs} parameter makes it take that long, a slow
 * but alive handler) and handles the balanced event {@code host.tick} by printing {@code EVENT <data>
 * <nodeId>}. Commands, each answered by a line starting with {@code OK} or {@code FAILED}:
 * <ul>
 *   <li>{@code START <namespace> <url> <nodeId>...}: starts brokers;
 *   <li>{@code STOP <nodeId>...}: stops them;
 *   <li>{@code NODES}: a line {@code NODES <nodeId> <n> <ids>} per broker (the available nodes its registry
 *       holds, itself included, sorted, comma-separated), then {@code OK};
 *   <li>{@code CALLS <nodeId> <n>}: {@code n} calls of {@code host.work} from that broker, one after the
 *       other (2 s timeout each), then {@code OK <succeeded> <failed>}.
 * </ul>
 * Leaves when its input closes.
 */
public final class HostNodeMain {

    private static final PrintStream OUT = System.out;
    private static final Map<String, ServiceBroker> BROKERS = new ConcurrentHashMap<>();

    private HostNodeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 3) {
            start(Arrays.asList(args));
        }
        print("READY " + BROKERS.size());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            List<String> words = Arrays.asList(line.strip().split("\\s+"));
            try {
                print(command(words));
            } catch (Exception e) {
                print("FAILED " + e);
            }
        }
        BROKERS.values().parallelStream().forEach(ServiceBroker::stop);
        System.exit(0);
    }

    private static String command(List<String> words) throws Exception {
        List<String> rest = words.subList(1, words.size());
        switch (words.get(0)) {
            case "START" -> {
                start(rest);
                return "OK";
            }
            case "STOP" -> {
                rest.parallelStream()
                        .map(BROKERS::remove)
                        .filter(b -> b != null)
                        .forEach(ServiceBroker::stop);
                return "OK";
            }
            case "NODES" -> {
                StringBuilder report = new StringBuilder();
                for (ServiceBroker b : BROKERS.values()) {
                    report.append("NODES ")
                            .append(b.nodeId())
                            .append(' ')
                            .append(nodes(b))
                            .append('\n');
                }
                return report + "OK";
            }
            case "CALLS" -> {
                ServiceBroker b = BROKERS.get(rest.get(0));
                if (b == null) {
                    return "FAILED no broker " + rest.get(0);
                }
                int n = Integer.parseInt(rest.get(1));
                int ok = 0;
                for (int i = 0; i < n; i++) {
                    try {
                        b.call(
                                        "host.work",
                                        null,
                                        CallOptions.builder()
                                                .timeout(Duration.ofSeconds(2))
                                                .build())
                                .get(5, TimeUnit.SECONDS);
                        ok++;
                    } catch (Exception e) {
                        // counted as failed
                    }
                }
                return "OK " + ok + " " + (n - ok);
            }
            default -> {
                return "FAILED unknown command " + words.get(0);
            }
        }
    }

    private static void start(List<String> args) {
        String namespace = args.get(0);
        String url = args.get(1);
        args.subList(2, args.size()).parallelStream().forEach(nodeId -> {
            ServiceBroker broker = ServiceBroker.builder()
                    .nodeId(nodeId)
                    .namespace(namespace)
                    .transporter(url)
                    .gracefulStopTimeout(Duration.ofSeconds(1))
                    .build();
            broker.register(Service.named("host")
                    .action("work", ctx -> {
                        long sleep = ctx.params().path("sleepMs").asLong(0);
                        if (sleep > 0) {
                            Thread.sleep(sleep);
                        }
                        return nodeId;
                    })
                    .event("host.tick", ctx -> print("EVENT " + ctx.data().asText() + " " + nodeId)));
            broker.start();
            BROKERS.put(nodeId, broker);
        });
    }

    private static void print(String line) {
        synchronized (OUT) {
            OUT.println(line);
            OUT.flush();
        }
    }

    private static String nodes(ServiceBroker broker) {
        TreeSet<String> ids = new TreeSet<>();
        try {
            JsonNode list = broker.call(
                            "$node.list",
                            Map.of("onlyAvailable", true),
                            CallOptions.builder().nodeId(broker.nodeId()).build())
                    .get(5, TimeUnit.SECONDS);
            for (JsonNode n : list) {
                ids.add(n.path("id").asText());
            }
        } catch (Exception e) {
            return "0 error:" + e.getClass().getSimpleName();
        }
        return ids.size() + " " + String.join(",", ids);
    }
}
