package io.mycelium.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;

/**
 * The one command behind {@code scripts/bench}: every system's workloads, then JMH, then the report on stdout
 * and in {@code <out>/report.md} and {@code <out>/report.json} (and in {@code BENCHMARKS.md} when asked).
 *
 * <p>Options: {@code --quick}, {@code --only id,id}, {@code --workloads warm-up,events} (the Java
 * harness's workloads; Moleculer's rows run all), {@code --no-jmh}, {@code --out DIR},
 * {@code --benchmarks-md FILE}, {@code --nats URL}, {@code --node-script FILE}, {@code --profile},
 * {@code --note TEXT}, {@code --gateway-node-dir DIR} (where {@code load.js} and {@code idle.js} are).
 */
public final class BenchMain {
    /** The gateway row: its own figures (see {@link GatewayBench}), not the request-reply workloads. */
    static final String GATEWAY = "gateway";

    static final List<String> ALL = List.of(
            "raw-tcp",
            "grpc",
            "grpc-direct",
            "mycelium-tcp-json",
            "mycelium-tcp-msgpack",
            "moleculer-tcp",
            "jnats",
            "mycelium-nats-json",
            "moleculer-nats",
            HttpBench.MYCELIUM,
            HttpBench.MOLECULER_WEB,
            GATEWAY);
    // Peers log warnings (a dropped packet, a slow consumer) to their log file; nothing else.
    private static final List<String> PEER_JVM =
            List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    private final Set<String> only = new LinkedHashSet<>(ALL);
    private final Set<String> workloads = new LinkedHashSet<>(Harness.WORKLOADS);
    private Settings settings = Settings.standard();
    private boolean jmh = true;
    private boolean profile;
    private boolean quick;
    private Path out = Path.of("mycelium-benchmarks/target/bench");
    private @Nullable Path benchmarksMd;
    private String natsUrl = "nats://127.0.0.1:4222";
    private Path nodeScript = Path.of("mycelium-benchmarks/src/main/node/bench.js");
    private String note = "";
    private Path gatewayNodeDir = Path.of("mycelium-gateway/src/test/node");

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        BenchMain main = new BenchMain();
        main.parse(args);
        main.run();
        System.exit(0);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    settings = Settings.quick();
                    quick = true;
                }
                case "--no-jmh" -> jmh = false;
                case "--profile" -> profile = true;
                case "--only" -> {
                    only.clear();
                    for (String id : args[++i].split(",")) {
                        if (!ALL.contains(id)) {
                            throw new IllegalArgumentException("unknown system " + id + "; known: " + ALL);
                        }
                        only.add(id);
                    }
                }
                case "--workloads" -> {
                    workloads.clear();
                    for (String w : args[++i].split(",")) {
                        if (!Harness.WORKLOADS.contains(w)) {
                            throw new IllegalArgumentException(
                                    "unknown workload " + w + "; known: " + Harness.WORKLOADS);
                        }
                        workloads.add(w);
                    }
                }
                case "--out" -> out = Path.of(args[++i]);
                case "--benchmarks-md" -> benchmarksMd = Path.of(args[++i]);
                case "--nats" -> natsUrl = args[++i];
                case "--node-script" -> nodeScript = Path.of(args[++i]);
                case "--note" -> note = args[++i];
                case "--gateway-node-dir" -> gatewayNodeDir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        Map<String, String> machine = Machine.describe(note);
        Payload small = Payload.small();
        Payload large = Payload.large();
        Log.info("payloads " + small.size() + " B and " + large.size() + " B; systems " + only);
        List<Metrics> results = new ArrayList<>();
        for (String id : only) {
            if (id.equals(GATEWAY)) {
                continue;
            }
            Log.info(id + " ...");
            Metrics m = new Metrics(id, describe(id));
            try {
                runSystem(id, small, large, m);
            } catch (Exception e) {
                m.error("setup: " + e);
                Log.info("  " + id + " setup failed: " + e);
            }
            Log.info("  " + id + " " + m.values() + (m.errors().isEmpty() ? "" : " errors " + m.errors()));
            results.add(m);
        }
        Optional<GatewayBench.Figures> gateway =
                only.contains(GATEWAY) ? Optional.of(runGateway(small)) : Optional.empty();
        List<JmhFigure> jmhFigures = jmh ? Micro.run(quick) : List.of();
        machine.put("load average after", Machine.loadAverage());
        Report report = new Report(machine, settings, results, jmhFigures, gateway);
        String md = report.markdown();
        Files.writeString(out.resolve("report.md"), md, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("report.json"), report.json(), StandardCharsets.UTF_8);
        Path md2 = benchmarksMd;
        boolean full = !quick && jmh && only.size() == ALL.size() && workloads.size() == Harness.WORKLOADS.size();
        if (md2 != null && full) {
            BenchmarksFile.update(md2, md);
            Files.writeString(md2.resolveSibling("BENCHMARKS.json"), report.json(), StandardCharsets.UTF_8);
        } else if (md2 != null) {
            Log.info("partial run (--quick, --only, --workloads or --no-jmh): " + md2 + " left as it was");
        }
        System.out.println(md);
        System.out.println("```json");
        System.out.println(report.json());
        System.out.println("```");
        Log.info("wrote " + out.resolve("report.md") + " and report.json" + (md2 != null && full ? ", " + md2 : ""));
    }

    private static String describe(String id) {
        return switch (id) {
            case "raw-tcp" -> "Java blocking sockets, length-prefixed frames (the floor)";
            case "grpc" -> "gRPC-java unary, Netty, byte[] marshaller, default executors; events: one client stream";
            case "grpc-direct" -> "the same with directExecutor() on both sides (gRPC's fast setting)";
            case "mycelium-tcp-json" -> "Mycelium, TCP transporter, JSON, two JVMs";
            case "mycelium-tcp-msgpack" -> "Mycelium, TCP transporter, MsgPack, two JVMs";
            case "moleculer-tcp" -> "Moleculer 0.15.2, TCP transporter, JSON, two Node processes";
            case "jnats" -> "raw jnats request / publish, same NATS server";
            case "mycelium-nats-json" -> "Mycelium, NATS transporter, JSON, two JVMs";
            case "moleculer-nats" -> "Moleculer 0.15.2, NATS transporter, JSON, two Node processes";
            case HttpBench.MYCELIUM ->
                "Mycelium gateway's HTTP API, POST /api/bench/echo, action on the same node (one JVM);"
                        + " keep-alive connections";
            case HttpBench.MOLECULER_WEB ->
                "moleculer-web 0.11.0 on Moleculer 0.15.2, the same alias and action (one Node process);"
                        + " keep-alive connections";
            default -> id;
        };
    }

    private void runSystem(String id, Payload small, Payload large, Metrics m) throws Exception {
        Harness harness = new Harness(settings, workloads);
        String ns = "bench-" + Long.toHexString(System.nanoTime());
        switch (id) {
            case "raw-tcp" -> {
                try (PeerProcess peer = peer(id, "rawtcp");
                        RawTcpClient client = new RawTcpClient(peer.port())) {
                    harness.runAll(client, peer, small, large, m);
                }
            }
            case "grpc", "grpc-direct" -> {
                try (PeerProcess peer = peer(id, id);
                        GrpcClient client = new GrpcClient(peer.port(), id.equals("grpc-direct"))) {
                    harness.runAll(client, peer, small, large, m);
                }
            }
            case "jnats" -> {
                try (PeerProcess peer = peer(id, "jnats", natsUrl, ns);
                        JnatsClient client = new JnatsClient(natsUrl, ns)) {
                    harness.runAll(client, peer, small, large, m);
                }
            }
            case "mycelium-tcp-json", "mycelium-tcp-msgpack" -> {
                String serializer = id.endsWith("json") ? "json" : "msgpack";
                int serverPort = freePort();
                int clientPort = freePort();
                String server = "bench-server";
                String client = "bench-client";
                try (PeerProcess peer =
                                peer(id, "mycelium", tcpUrl(serverPort, clientPort, client), serializer, ns, server);
                        Recording rec = startProfile(id);
                        MyceliumClient c =
                                new MyceliumClient(tcpUrl(clientPort, serverPort, server), serializer, ns, client)) {
                    harness.runAll(c, peer, small, large, m);
                    stopProfile(rec, id);
                }
            }
            case "mycelium-nats-json" -> {
                try (PeerProcess peer = peer(id, "mycelium", natsUrl, "json", ns, "bench-server");
                        Recording rec = startProfile(id);
                        MyceliumClient c = new MyceliumClient(natsUrl, "json", ns, "bench-client")) {
                    harness.runAll(c, peer, small, large, m);
                    stopProfile(rec, id);
                }
            }
            case "moleculer-tcp" -> new MoleculerRunner(nodeScript, out).run("TCP", natsUrl, settings, small, large, m);
            case "moleculer-nats" ->
                new MoleculerRunner(nodeScript, out).run("NATS", natsUrl, settings, small, large, m);
            case HttpBench.MYCELIUM -> {
                try (PeerProcess peer = peer(id, "mycelium-http", ns, String.valueOf(freePort()))) {
                    new HttpBench(settings).run(peer.port(), peer.handle(), small, large, m);
                }
            }
            case HttpBench.MOLECULER_WEB -> {
                int port = freePort();
                try (HttpBench.MoleculerWeb node = new HttpBench.MoleculerWeb(
                        nodeScript.resolveSibling("http.js"), port, out.resolve("moleculer-web.log"))) {
                    new HttpBench(settings).run(port, node.handle(), small, large, m);
                }
            }
            default -> throw new IllegalArgumentException(id);
        }
    }

    private GatewayBench.Figures runGateway(Payload payload) {
        Log.info(GATEWAY + " ...");
        String ns = "bench-" + Long.toHexString(System.nanoTime());
        GatewayBench.Figures f;
        try {
            int serverPort = freePort();
            int gatewayPort = freePort();
            String server = "bench-server";
            String edge = "bench-gateway";
            try (PeerProcess peer =
                    peer(GATEWAY, "mycelium", tcpUrl(serverPort, gatewayPort, edge), "json", ns, server)) {
                f = new GatewayBench(gatewayNodeDir, quick)
                        .run(tcpUrl(gatewayPort, serverPort, server), ns, edge, payload);
            }
        } catch (Exception e) {
            f = new GatewayBench.Figures(Double.NaN, 0, 0, Double.NaN, List.of("setup: " + e));
        }
        Log.info("  " + GATEWAY + " " + f);
        return f;
    }

    /** Static peers on loopback and no UDP discovery: other work on this machine must not join the mesh. */
    private static String tcpUrl(int ownPort, int otherPort, String otherNode) {
        return "tcp://?host=127.0.0.1&port=" + ownPort + "&udpDiscovery=false&urls=127.0.0.1:" + otherPort + "/"
                + otherNode;
    }

    private PeerProcess peer(String id, String... args) throws IOException {
        List<String> jvm = new ArrayList<>(PEER_JVM);
        if (profile && (id.startsWith("mycelium") || id.equals(HttpBench.MYCELIUM))) {
            jvm.add("-XX:StartFlightRecording=settings=profile,jdk.ExecutionSample#period=1ms,filename="
                    + out.toAbsolutePath().resolve(id + "-server.jfr"));
        }
        return PeerProcess.start(jvm, out.resolve("peer-" + id + ".log"), args);
    }

    private Recording startProfile(String id) throws Exception {
        Recording rec = new Recording(Configuration.getConfiguration("profile"));
        rec.setName(id);
        rec.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
        if (profile) {
            rec.start();
        }
        return rec;
    }

    private void stopProfile(Recording rec, String id) throws IOException {
        if (profile) {
            rec.stop();
            Path file = out.resolve(id + "-client.jfr");
            rec.dump(file);
            Log.info("  profile " + file);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
