package io.mycelium.transport.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.service.Discovery;
import io.nats.service.Endpoint;
import io.nats.service.EndpointStats;
import io.nats.service.InfoResponse;
import io.nats.service.PingResponse;
import io.nats.service.StatsResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * jnats' own micro-service discovery client ({@code io.nats.service.Discovery}) against Mycelium nodes on the
 * shared nats-server (127.0.0.1:4222): the services are listed, described with their actions as endpoints,
 * and counted with the exact figures of the calls made. {@code $SRV} subjects are not namespaced, so every
 * service name carries this test's unique suffix and answers are filtered by the namespace in the metadata.
 */
class NatsServiceDiscoveryTest {
    private static final String NATS = "nats://127.0.0.1:4222";

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String ns = "natsrv-" + suffix;
    private final String math = "math-" + suffix;
    private final String greeter = "greeter-" + suffix;
    private ServiceBroker server;
    private ServiceBroker client;
    private Connection conn;

    @BeforeEach
    void start() throws Exception {
        server = ServiceBroker.builder()
                .nodeId("srv-" + suffix)
                .namespace(ns)
                .transporter(NATS)
                .build();
        server.register(Service.named(math)
                .version(2)
                .action("add", ctx -> ctx.params())
                .action("fail", ctx -> {
                    throw new IllegalArgumentException(
                            "boom " + ctx.params().path("n").asInt());
                })
                .build());
        server.register(
                Service.named(greeter).action("hello", ctx -> ctx.params()).build());
        server.start();
        client = ServiceBroker.builder()
                .nodeId("cli-" + suffix)
                .namespace(ns)
                .transporter(NATS)
                .build();
        client.start();
        client.waitForServices(Duration.ofSeconds(15), "v2." + math, greeter).get(20, TimeUnit.SECONDS);
        conn = Nats.connect(new Options.Builder().server(NATS).build());
    }

    @AfterEach
    void stop() throws Exception {
        if (conn != null) {
            conn.close();
        }
        if (client != null) {
            client.stop();
        }
        if (server != null) {
            server.stop();
        }
    }

    /** Answers in this test's namespace only (other meshes on the shared server answer too). */
    private <T extends io.nats.service.ServiceResponse> List<T> ours(List<T> responses) {
        return responses.stream()
                .filter(r ->
                        r.getMetadata() != null && ns.equals(r.getMetadata().get("mycelium.namespace")))
                .toList();
    }

    @Test
    void pingListsTheLocalServicesWithTheirVersions() {
        List<PingResponse> pings = ours(new Discovery(conn, 1500, 1000).ping());
        assertThat(pings).extracting(PingResponse::getName).containsExactlyInAnyOrder(math, greeter);
        PingResponse m =
                pings.stream().filter(p -> p.getName().equals(math)).findFirst().orElseThrow();
        assertThat(m.getVersion()).isEqualTo("2.0.0");
        assertThat(m.getType()).isEqualTo("io.nats.micro.v1.ping_response");
        assertThat(m.getMetadata())
                .containsEntry("mycelium.service", "v2." + math)
                .containsEntry("mycelium.node", "srv-" + suffix)
                .containsEntry("mycelium.version", "2");
        PingResponse g = pings.stream()
                .filter(p -> p.getName().equals(greeter))
                .findFirst()
                .orElseThrow();
        assertThat(g.getVersion()).isEqualTo("0.0.0");
        assertThat(m.getId()).isNotEqualTo(g.getId());

        Discovery one = new Discovery(conn, 3000, 1);
        assertThat(one.ping(math, m.getId())).isEqualTo(m);
        assertThat(one.ping(math)).containsExactly(m);
    }

    @Test
    void infoListsTheActionsAsEndpoints() {
        List<InfoResponse> infos = new Discovery(conn, 3000, 1).info(math);
        assertThat(infos).hasSize(1);
        InfoResponse info = infos.getFirst();
        assertThat(info.getType()).isEqualTo("io.nats.micro.v1.info_response");
        assertThat(info.getDescription()).contains("v2." + math);
        Map<String, Endpoint> endpoints =
                info.getEndpoints().stream().collect(Collectors.toMap(Endpoint::getName, Function.identity()));
        assertThat(endpoints).containsOnlyKeys("add", "fail");
        Endpoint add = Objects.requireNonNull(endpoints.get("add"));
        assertThat(add.getSubject()).isEqualTo("MOL-" + ns + ".REQB.v2." + math + ".add");
        assertThat(add.getQueueGroup()).isEqualTo("v2." + math + ".add");
        assertThat(add.getMetadata()).containsEntry("mycelium.action", "v2." + math + ".add");
        assertThat(new Discovery(conn, 3000, 1).info(math, info.getId())).isEqualTo(info);
    }

    @Test
    void statsCountTheCallsAndErrorsExactly() {
        int adds = 25;
        int fails = 7;
        for (int i = 0; i < adds; i++) {
            client.call("v2." + math + ".add", Map.of("n", i))
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
        }
        for (int i = 0; i < fails; i++) {
            try {
                client.call("v2." + math + ".fail", Map.of("n", i))
                        .orTimeout(10, TimeUnit.SECONDS)
                        .join();
                throw new AssertionError("the call should have failed");
            } catch (CompletionException expected) {
                // counted as an error by the handling node
            }
        }
        StatsResponse stats = new Discovery(conn, 3000, 1).stats(math).getFirst();
        assertThat(stats.getType()).isEqualTo("io.nats.micro.v1.stats_response");
        assertThat(stats.getStarted()).isNotNull();
        Map<String, EndpointStats> byName = stats.getEndpointStatsList().stream()
                .collect(Collectors.toMap(EndpointStats::getName, Function.identity()));
        EndpointStats add = Objects.requireNonNull(byName.get("add"));
        assertThat(add.getNumRequests()).isEqualTo(adds);
        assertThat(add.getNumErrors()).isZero();
        assertThat(add.getProcessingTime()).isPositive();
        assertThat(add.getAverageProcessingTime()).isEqualTo(add.getProcessingTime() / adds);
        assertThat(add.getLastError()).isEmpty();
        assertThat(add.getSubject()).isEqualTo("MOL-" + ns + ".REQB.v2." + math + ".add");
        EndpointStats fail = Objects.requireNonNull(byName.get("fail"));
        assertThat(fail.getNumRequests()).isEqualTo(fails);
        assertThat(fail.getNumErrors()).isEqualTo(fails);
        assertThat(fail.getLastError()).isEqualTo("IllegalArgumentException: boom " + (fails - 1));
        assertThat(new Discovery(conn, 3000, 1).stats(greeter).getFirst().getEndpointStatsList())
                .singleElement()
                .satisfies(e -> assertThat(e.getNumRequests()).isZero());
    }

    @Test
    void followsServicesThatAreDisabledAndEnabledAgain() {
        String before = new Discovery(conn, 3000, 1).ping(math).getFirst().getId();
        assertThat(server.disableService("v2." + math)).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ours(new Discovery(conn, 500, 1000).ping(math))
                .isEmpty());
        assertThat(ours(new Discovery(conn, 500, 1000).ping(greeter))).hasSize(1);
        assertThat(server.enableService("v2." + math)).isTrue();
        List<PingResponse> back = new Discovery(conn, 3000, 1).ping(math);
        assertThat(back).singleElement().satisfies(p -> assertThat(p.getId()).isNotEqualTo(before));
    }

    @Test
    void oddRequestsGetNoAnswerAndBreakNothing() throws Exception {
        byte[] junk = "{not json\u0000".getBytes(StandardCharsets.UTF_8);
        Duration shortWait = Duration.ofMillis(300);
        assertThat(conn.request("$SRV.PING." + math + ".x.y", junk, shortWait)).isNull();
        assertThat(conn.request("$SRV.INFO." + math + ".no-such-id", junk, shortWait))
                .isNull();
        assertThat(conn.request("$SRV.STATS.no-such-" + suffix, junk, shortWait))
                .isNull();
        conn.publish("$SRV.STATS", junk); // no reply subject
        conn.publish("$SRV.INFO." + math, null);
        conn.flush(Duration.ofSeconds(5));
        // a request body is never read: junk still gets the answer
        io.nats.client.Message m = conn.request("$SRV.STATS." + math, junk, Duration.ofSeconds(3));
        assertThat(m).isNotNull();
        assertThat(new String(m.getData(), StandardCharsets.UTF_8)).contains("io.nats.micro.v1.stats_response");
        assertThat(new Discovery(conn, 3000, 1).ping(greeter)).hasSize(1);
    }

    @Test
    void answersNothingWhenTurnedOff() throws Exception {
        String quiet = "quiet-" + suffix;
        ServiceBroker off = ServiceBroker.builder()
                .nodeId("off-" + suffix)
                .namespace(ns + "-off")
                .transporter(NATS + "?serviceDiscovery=false")
                .build();
        off.register(Service.named(quiet).action("x", ctx -> ctx.params()).build());
        off.start();
        try {
            assertThat(new Discovery(conn, 800, 1).ping(quiet)).isEmpty();
        } finally {
            off.stop();
        }
    }

    @Test
    void versionsBecomeSemver() {
        assertThat(MicroServices.semver("2")).isEqualTo("2.0.0");
        assertThat(MicroServices.semver("v3")).isEqualTo("3.0.0");
        assertThat(MicroServices.semver("1.4")).isEqualTo("1.4.0");
        assertThat(MicroServices.semver("1.2.3-beta.1")).isEqualTo("1.2.3-beta.1");
        assertThat(MicroServices.semver("staging")).isEqualTo("0.0.0");
        assertThat(MicroServices.semver("")).isEqualTo("0.0.0");
        assertThat(MicroServices.natsName("users.api$x")).isEqualTo("users_api_x");
    }
}
