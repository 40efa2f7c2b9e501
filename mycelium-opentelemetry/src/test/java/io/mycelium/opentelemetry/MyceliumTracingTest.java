package io.mycelium.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.NullNode;
import io.mycelium.CallOptions;
import io.mycelium.ClientException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.transport.testkit.BrokerProcess;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real brokers over the memory and tcp transports, traced into the SDK's in-memory exporter: the spans, their
 * kinds, names, attributes and parent links, for local and remote calls, nested calls, events and errors.
 */
class MyceliumTracingTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    private final OpenTelemetrySdk otel =
            OpenTelemetrySdk.builder().setTracerProvider(provider).build();
    private final String namespace = "otel-" + UUID.randomUUID();
    private final List<ServiceBroker> brokers = new ArrayList<>();

    @AfterEach
    void stop() {
        brokers.forEach(ServiceBroker::stop);
        provider.close();
    }

    private ServiceBroker broker(String nodeId, String transporter) {
        ServiceBroker b = ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(namespace)
                .transporter(transporter)
                .middleware(MyceliumTracing.builder(otel).captureParams(true).build())
                .build();
        brokers.add(b);
        return b;
    }

    /** Two nodes: {@code front} runs {@code front.outer}, {@code back} runs {@code back.inner} and an event handler. */
    private ServiceBroker twoNodes(String transport) throws Exception {
        String frontUrl;
        String backUrl;
        if (transport.equals("tcp")) {
            int port = BrokerProcess.freePort();
            backUrl = "tcp://127.0.0.1:" + port + "?udpDiscovery=false&gossipPeriod=200ms";
            frontUrl = "tcp://127.0.0.1:" + BrokerProcess.freePort()
                    + "?udpDiscovery=false&gossipPeriod=200ms&urls=tcp://127.0.0.1:" + port + "/back";
        } else {
            backUrl = "memory://";
            frontUrl = "memory://";
        }
        ServiceBroker back = broker("back", backUrl);
        back.register(Service.named("back")
                .action("inner", ctx -> {
                    if (ctx.params().path("fail").asBoolean()) {
                        throw new ClientException("no luck", 422, "NO_LUCK", NullNode.getInstance());
                    }
                    return ctx.params().path("n").asInt() * 2;
                })
                .event("thing.happened", ctx -> {})
                .build());
        ServiceBroker front = broker("front", frontUrl);
        front.register(Service.named("front")
                .action("outer", ctx -> {
                    int doubled =
                            ctx.call("back.inner", ctx.params(), Integer.class).get(10, TimeUnit.SECONDS);
                    ctx.emit("thing.happened", Map.of("n", doubled)).get(10, TimeUnit.SECONDS);
                    return doubled + 1;
                })
                .build());
        back.start();
        front.start();
        front.waitForServices(WAIT, "back").get(30, TimeUnit.SECONDS);
        return front;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "tcp"})
    void aNestedRemoteCallAndItsEventAreOneTraceWithTheRightParents(String transport) throws Exception {
        ServiceBroker front = twoNodes(transport);
        exporter.reset();

        assertThat(front.call("front.outer", Map.of("n", 20), Integer.class).get(30, TimeUnit.SECONDS))
                .isEqualTo(41);

        await().atMost(WAIT).until(() -> exporter.getFinishedSpanItems().size() >= 5);
        SpanData callOuter = span("call 'front.outer'");
        SpanData outer = span("action 'front.outer'");
        SpanData callInner = span("call 'back.inner'");
        SpanData inner = span("action 'back.inner'");
        SpanData event = span("event 'thing.happened' in 'back'");

        assertThat(List.of(callOuter, outer, callInner, inner, event))
                .extracting(SpanData::getTraceId)
                .containsOnly(callOuter.getTraceId());
        assertThat(callOuter.getParentSpanContext().isValid()).isFalse(); // the root
        assertThat(outer.getParentSpanId()).isEqualTo(callOuter.getSpanId());
        assertThat(callInner.getParentSpanId()).isEqualTo(outer.getSpanId());
        assertThat(inner.getParentSpanId()).isEqualTo(callInner.getSpanId());
        assertThat(inner.getParentSpanContext().isRemote()).isTrue();
        assertThat(event.getParentSpanId()).isEqualTo(outer.getSpanId());

        assertThat(callOuter.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(outer.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(callInner.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(inner.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(event.getKind()).isEqualTo(SpanKind.CONSUMER);

        // Moleculer's tags
        assertThat(inner.getAttributes().get(AttributeKey.stringKey("action.name")))
                .isEqualTo("back.inner");
        assertThat(inner.getAttributes().get(AttributeKey.stringKey("action.rawName")))
                .isEqualTo("inner");
        assertThat(inner.getAttributes().get(AttributeKey.booleanKey("remoteCall")))
                .isTrue();
        assertThat(inner.getAttributes().get(AttributeKey.stringKey("callerNodeID")))
                .isEqualTo("front");
        assertThat(inner.getAttributes().get(AttributeKey.stringKey("nodeID"))).isEqualTo("back");
        assertThat(inner.getAttributes().get(AttributeKey.longKey("callingLevel")))
                .isEqualTo(2L);
        assertThat(inner.getAttributes().get(AttributeKey.stringKey("requestID")))
                .isEqualTo(callOuter.getTraceId()); // Moleculer's trace id is the OpenTelemetry one
        assertThat(inner.getAttributes().get(AttributeKey.stringKey("params"))).isEqualTo("{\"n\":20}");
        assertThat(outer.getAttributes().get(AttributeKey.booleanKey("remoteCall")))
                .isFalse();
        assertThat(event.getAttributes().get(AttributeKey.stringKey("event.name")))
                .isEqualTo("thing.happened");
        assertThat(event.getAttributes().get(AttributeKey.stringKey("event.group")))
                .isEqualTo("back");
        assertThat(event.getAttributes().get(AttributeKey.stringKey("eventName")))
                .isEqualTo("thing.happened");
        assertThat(List.of(callOuter, outer, callInner, inner, event))
                .extracting(s -> s.getStatus().getStatusCode())
                .containsOnly(StatusCode.UNSET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "tcp"})
    void anErrorIsRecordedOnTheServerAndClientSpans(String transport) throws Exception {
        ServiceBroker front = twoNodes(transport);
        exporter.reset();

        assertThatThrownBy(() -> front.call("front.outer", Map.of("fail", true)).get(30, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(ClientException.class);

        await().atMost(WAIT).until(() -> exporter.getFinishedSpanItems().size() >= 4);
        for (String name :
                List.of("action 'back.inner'", "call 'back.inner'", "action 'front.outer'", "call 'front.outer'")) {
            SpanData s = span(name);
            assertThat(s.getStatus().getStatusCode()).as(name).isEqualTo(StatusCode.ERROR);
            assertThat(s.getEvents()).as(name).anySatisfy(e -> assertThat(e.getName())
                    .isEqualTo("exception"));
        }
        SpanData inner = span("action 'back.inner'");
        assertThat(inner.getAttributes().get(AttributeKey.longKey("error.code")))
                .isEqualTo(422L);
        assertThat(inner.getAttributes().get(AttributeKey.stringKey("error.type")))
                .isEqualTo("NO_LUCK");
        assertThat(inner.getStatus().getDescription()).isEqualTo("no luck");
    }

    @Test
    void localNestedCallsAreChildrenOfTheHandlerThatMadeThem() throws Exception {
        ServiceBroker one = broker("one", "memory://");
        one.register(Service.named("a")
                .action("top", ctx -> ctx.call("a.middle", null).thenCompose(r -> ctx.call("a.leaf", null)))
                .action("middle", ctx -> ctx.call("a.leaf", null).get(10, TimeUnit.SECONDS))
                .action("leaf", ctx -> "leaf")
                .build());
        one.start();
        exporter.reset();

        one.call("a.top", null).get(30, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> exporter.getFinishedSpanItems().size() >= 8);
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans)
                .extracting(SpanData::getTraceId)
                .containsOnly(spans.get(0).getTraceId());
        SpanData top = span("action 'a.top'");
        SpanData middle = span("action 'a.middle'");
        List<SpanData> leafCalls =
                spans.stream().filter(s -> s.getName().equals("call 'a.leaf'")).toList();
        assertThat(leafCalls).hasSize(2);
        // one made by a.middle, one by a.top in a continuation on another thread: each under its handler's span
        assertThat(leafCalls)
                .extracting(SpanData::getParentSpanId)
                .containsExactlyInAnyOrder(top.getSpanId(), middle.getSpanId());
        for (SpanData leaf : spans.stream()
                .filter(s -> s.getName().equals("action 'a.leaf'"))
                .toList()) {
            assertThat(leafCalls).extracting(SpanData::getSpanId).contains(leaf.getParentSpanId());
            assertThat(leaf.getAttributes().get(AttributeKey.booleanKey("remoteCall")))
                    .isFalse();
        }
    }

    @Test
    void aMoleculerTraceIsContinuedUnderItsIdsAndAnUnsampledOneIsNotRecorded() throws Exception {
        ServiceBroker one = broker("one", "memory://");
        one.register(Service.named("m").action("echo", ctx -> "ok").build());
        one.start();
        exporter.reset();
        String requestId = "3f2c8a4e-9b1d-4c7e-8f6a-0d2b5e7c9a11";
        String parentId = "b61e2f40-7d3c-4a9b-9e85-1c0f6a2d4e77";

        // a call as a Moleculer node makes it: its ids in requestID and parentID, tracing on
        one.call(
                        "m.echo",
                        null,
                        CallOptions.builder()
                                .requestId(requestId)
                                .parentId(parentId)
                                .tracing(true)
                                .build())
                .get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> exporter.getFinishedSpanItems().size() >= 2);
        SpanData echo = span("action 'm.echo'");
        SpanData call = span("call 'm.echo'");
        assertThat(call.getTraceId())
                .isEqualTo(TraceIds.traceId(requestId))
                .isEqualTo("3f2c8a4e9b1d4c7e8f6a0d2b5e7c9a11");
        assertThat(echo.getTraceId()).isEqualTo(call.getTraceId());
        assertThat(echo.getAttributes().get(AttributeKey.stringKey("requestID")))
                .isEqualTo(requestId);

        // tracing: false is the caller's sampling decision, kept here
        exporter.reset();
        one.call(
                        "m.echo",
                        null,
                        CallOptions.builder()
                                .requestId(UUID.randomUUID().toString())
                                .parentId(parentId)
                                .tracing(false)
                                .build())
                .get(30, TimeUnit.SECONDS);
        one.call("m.echo", null).get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> exporter.getFinishedSpanItems().size() >= 2);
        assertThat(exporter.getFinishedSpanItems())
                .extracting(SpanData::getTraceId)
                .doesNotContain(TraceIds.traceId(requestId))
                .hasSize(2); // only the second (sampled) call's two spans
    }

    @Test
    void traceIdsMapMoleculerIdsDeterministicallyAndOpenTelemetryIdsToThemselves() {
        assertThat(TraceIds.traceId("0af7651916cd43dd8448eb211c80319c")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(TraceIds.spanId("b7ad6b7169203331")).isEqualTo("b7ad6b7169203331");
        assertThat(TraceIds.traceId("A1B2C3D4-0000-4000-8000-00000000000F"))
                .isEqualTo("a1b2c3d400004000800000000000000f".substring(0, 32));
        assertThat(TraceIds.spanId("a1b2c3d4-0000-4000-8000-00000000000f")).isEqualTo("800000000000000f");
        String custom = TraceIds.traceId("node-1-42");
        assertThat(custom)
                .hasSize(32)
                .isEqualTo(TraceIds.traceId("node-1-42"))
                .isNotEqualTo(TraceIds.traceId("node-1-43"));
        assertThat(TraceIds.spanId("node-1-42")).hasSize(16).matches("[0-9a-f]{16}");
        assertThat(TraceIds.traceId("00000000000000000000000000000000"))
                .isNotEqualTo("00000000000000000000000000000000");
    }

    private SpanData span(String name) {
        List<SpanData> named = exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name))
                .toList();
        assertThat(named)
                .as("spans named %s in %s", name, exporter.getFinishedSpanItems())
                .hasSize(1);
        return named.get(0);
    }
}
