package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.opentelemetry.MyceliumTracing;
import io.mycelium.opentelemetry.TraceIds;
import io.mycelium.transport.testkit.BrokerProcess;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A trace crossing Moleculer → Java → Moleculer is one trace: a real Moleculer 0.15.2 node with its tracer on
 * (its spans kept by a Moleculer tracing exporter in peer.js) calls a Java action traced by
 * {@link MyceliumTracing} into OpenTelemetry's in-memory exporter, which calls back into the Moleculer node.
 * Both sides' spans share the trace id and each parent is the span that made the call. One cell (NATS, JSON):
 * the trace travels in ordinary packet fields, the same on every transport.
 */
class TracingInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aTraceStartedInMoleculerContinuesInJavaAndBackIntoMoleculer() throws Exception {
        Cell cell = new Cell(Transport.NATS, Wire.JSON);
        String ns = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Transport.Member javaMember = new Transport.Member("java-" + ns, BrokerProcess.freePort());
        Transport.Member nodeMember = new Transport.Member("node-" + ns, BrokerProcess.freePort());
        List<Transport.Member> seeds = List.of(javaMember, nodeMember);

        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        OpenTelemetrySdk otel =
                OpenTelemetrySdk.builder().setTracerProvider(provider).build();
        ServiceBroker java = ServiceBroker.builder()
                .nodeId(javaMember.nodeId())
                .namespace(ns)
                .transporter(cell.transport().myceliumUrl(javaMember, seeds))
                .serializer(cell.wire().myceliumName())
                .heartbeatInterval(Duration.ofSeconds(1))
                .heartbeatTimeout(Mesh.HEARTBEAT_TIMEOUT)
                .requestTimeout(Duration.ofSeconds(10))
                .gracefulStopTimeout(Duration.ofSeconds(2))
                .middleware(MyceliumTracing.builder(otel).build())
                .build();
        java.register(Service.named("java-trace")
                .action("middle", ctx -> {
                    int n = ctx.params().path("n").asInt();
                    return ctx.call("trace-node.back", Map.of("n", n), Integer.class)
                                    .get(10, TimeUnit.SECONDS)
                            + 1;
                })
                .build());
        java.start();
        Map<String, String> env = Mesh.nodeEnv(cell, ns, nodeMember, seeds, "math");
        env.put("MOL_TRACING", "true");
        try (NodePeer node = NodePeer.start(env)) {
            node.command("waitForServices", Map.of("services", List.of("java-trace"), "timeout", WAIT.toMillis()));
            java.waitForServices(WAIT, "trace-node").get(30, TimeUnit.SECONDS);

            JsonNode reply = node.command("call", Map.of("action", "trace-node.front", "params", Map.of("n", 5)));
            assertThat(reply.path("data").path("middle").asInt()).isEqualTo(11);

            await().atMost(WAIT).until(() -> exporter.getFinishedSpanItems().size() >= 2);
            await().atMost(WAIT)
                    .until(() -> nodeSpan(node, "action 'trace-node.front'").isPresent());
            JsonNode front = nodeSpan(node, "action 'trace-node.front'").orElseThrow();
            JsonNode back = nodeSpan(node, "action 'trace-node.back'").orElseThrow();
            SpanData middle = javaSpan(exporter, "action 'java-trace.middle'");
            SpanData call = javaSpan(exporter, "call 'trace-node.back'");

            // one trace: Moleculer's own id on both Moleculer spans, its OpenTelemetry form on the Java ones
            String traceId = front.path("traceID").asText();
            assertThat(back.path("traceID").asText()).isEqualTo(traceId);
            assertThat(middle.getTraceId()).isEqualTo(TraceIds.traceId(traceId));
            assertThat(call.getTraceId()).isEqualTo(middle.getTraceId());

            // each parent is the span that made the call
            assertThat(middle.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(middle.getParentSpanId())
                    .isEqualTo(TraceIds.spanId(front.path("id").asText()));
            assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(call.getParentSpanId()).isEqualTo(middle.getSpanId());
            assertThat(back.path("parentID").asText()).isEqualTo(call.getSpanId());
            assertThat(back.path("sampled").asBoolean()).isTrue();

            // Moleculer's tags on the Java span
            assertThat(middle.getAttributes().get(AttributeKey.stringKey("requestID")))
                    .isEqualTo(traceId);
            assertThat(middle.getAttributes().get(AttributeKey.stringKey("callerNodeID")))
                    .isEqualTo(nodeMember.nodeId());
            assertThat(middle.getAttributes().get(AttributeKey.booleanKey("remoteCall")))
                    .isTrue();
            assertThat(middle.getAttributes().get(AttributeKey.longKey("callingLevel")))
                    .isEqualTo(2L);
            assertThat(back.path("tags").path("callingLevel").asInt()).isEqualTo(3);
            assertThat(back.path("tags").path("callerNodeID").asText()).isEqualTo(javaMember.nodeId());
        } finally {
            java.stop();
            provider.close();
        }
    }

    private static java.util.Optional<JsonNode> nodeSpan(NodePeer node, String name) {
        for (JsonNode span : node.command("spans", Map.of())) {
            if (span.path("name").asText().equals(name)) {
                return java.util.Optional.of(span);
            }
        }
        return java.util.Optional.empty();
    }

    private static SpanData javaSpan(InMemorySpanExporter exporter, String name) {
        return exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + exporter.getFinishedSpanItems()));
    }
}
