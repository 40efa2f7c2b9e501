package io.mycelium.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mycelium.ClientException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MyceliumMetricsTest {
    ServiceBroker broker;

    @BeforeEach
    void start() {
        broker = ServiceBroker.builder()
                .nodeId("n1")
                .namespace("t-" + UUID.randomUUID())
                .transporter("memory://")
                .build();
        broker.register(Service.named("math")
                .action("add", ctx -> {
                    if (ctx.params().path("a").asInt() < 0) {
                        throw new ClientException(
                                "negative",
                                422,
                                "NEGATIVE",
                                com.fasterxml.jackson.databind.node.NullNode.getInstance());
                    }
                    return ctx.params().path("a").asInt() + 1;
                })
                .build());
        broker.start();
    }

    @AfterEach
    void stop() {
        broker.stop();
    }

    private void call(int a) {
        broker.call("math.add", Map.of("a", a)).handle((v, e) -> null).join();
    }

    @Test
    void aSimpleMeterRegistrySeesTheMetersAndTheirValues() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MyceliumMetrics metrics = MyceliumMetrics.of(broker, Duration.ZERO);
        metrics.bindTo(registry);
        for (int i = 0; i < 4; i++) {
            call(i);
        }
        call(-1);
        metrics.refresh(registry);

        var tags = new String[] {"service", "math", "action", "math.add", "type", "local"};
        assertThat(registry.get("moleculer.request.total")
                        .tags(tags)
                        .functionCounter()
                        .count())
                .isEqualTo(5);
        assertThat(registry.get("moleculer.request.active").tags(tags).gauge().value())
                .isZero();
        assertThat(registry.get("moleculer.request.error.total")
                        .tags(tags)
                        .tag("errorType", "NEGATIVE")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("moleculer.request.time")
                        .tags(tags)
                        .tag("quantile", "0.99")
                        .timeGauge()
                        .value(TimeUnit.MILLISECONDS))
                .isPositive();
        // counters follow later calls without a refresh
        call(7);
        assertThat(registry.get("moleculer.request.total")
                        .tags(tags)
                        .functionCounter()
                        .count())
                .isEqualTo(6);
        assertThat(registry.get("moleculer.transporter.packets.sent.total")
                        .functionCounter()
                        .count())
                .isPositive();
    }

    /** The example of docs/observability.md: a Prometheus registry served on /metrics. */
    @Test
    void aPrometheusRegistryServesTheMetersOnMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MyceliumMetrics metrics = MyceliumMetrics.of(broker);
        call(1);
        metrics.bindTo(registry);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            metrics.refresh(registry); // new actions get their meters before each scrape
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            String body = client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + server.getAddress().getPort() + "/metrics"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(body)
                    .contains(
                            "moleculer_request_total{action=\"math.add\",nodeID=\"n1\",service=\"math\",type=\"local\"} 1.0")
                    .contains("moleculer_request_time_seconds{action=\"math.add\",nodeID=\"n1\",quantile=\"0.99\"")
                    .contains("moleculer_transporter_packets_sent_bytes_total");
        } finally {
            server.stop(0);
        }
    }
}
