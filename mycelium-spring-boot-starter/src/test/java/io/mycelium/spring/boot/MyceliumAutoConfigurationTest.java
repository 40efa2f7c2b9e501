package io.mycelium.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mycelium.Action;
import io.mycelium.BrokerOptions;
import io.mycelium.RetryPolicy;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The starter against real brokers on {@code memory://}, each test in a namespace of its own. */
class MyceliumAutoConfigurationTest {

    private final String namespace = "sb-" + UUID.randomUUID().toString().substring(0, 13);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MyceliumAutoConfiguration.class))
            .withPropertyValues("mycelium.transporter=memory://", "mycelium.namespace=" + namespace);

    @ServiceName(value = "greeter", version = "2")
    static final class Greeter {
        @Action
        String hello(Map<String, String> p) {
            return "hello " + p.get("name");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Services {
        @Bean
        Greeter greeter() {
            return new Greeter();
        }

        @Bean
        Service math() {
            return Service.named("math")
                    .action(
                            "add",
                            ctx -> ctx.params().get("a").asInt()
                                    + ctx.params().get("b").asInt())
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void theBrokersStatisticsReachEveryMeterRegistry() {
        runner.withUserConfiguration(Services.class, Registry.class).run(context -> {
            ServiceBroker broker = context.getBean(ServiceBroker.class);
            for (int i = 0; i < 3; i++) {
                assertThat(broker.call("math.add", Map.of("a", i, "b", 1), Integer.class)
                                .join())
                        .isEqualTo(i + 1);
            }
            context.getBean(MyceliumMeters.class).refresh();
            SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
            assertThat(registry.get("moleculer.request.total")
                            .tags("service", "math", "action", "math.add", "type", "local")
                            .functionCounter()
                            .count())
                    .isEqualTo(3);
        });
        runner.withUserConfiguration(Registry.class)
                .withPropertyValues("mycelium.metrics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MyceliumMeters.class));
    }

    @Test
    void everyPropertyReachesTheBroker() {
        runner.withPropertyValues(
                        "mycelium.node-id=props-1",
                        "mycelium.serializer=msgpack",
                        "mycelium.request-timeout=3s",
                        "mycelium.retry.retries=2",
                        "mycelium.retry.delay=50ms",
                        "mycelium.retry.max-delay=500ms",
                        "mycelium.retry.factor=3",
                        "mycelium.heartbeat-interval=1s",
                        "mycelium.heartbeat-timeout=4s",
                        "mycelium.prefer-local=false",
                        "mycelium.max-call-level=7",
                        "mycelium.disable-balancer=true",
                        "mycelium.graceful-stop-timeout=2s")
                .run(context -> {
                    BrokerOptions o = context.getBean(ServiceBroker.class).options();
                    assertThat(o.nodeId()).isEqualTo("props-1");
                    assertThat(o.namespace()).isEqualTo(namespace);
                    assertThat(o.transporterUrl()).contains("memory://");
                    assertThat(o.serializerName()).contains("msgpack");
                    assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(o.retryPolicy())
                            .isEqualTo(RetryPolicy.exponential(2, Duration.ofMillis(50), Duration.ofMillis(500), 3));
                    assertThat(o.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(o.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(o.preferLocal()).isFalse();
                    assertThat(o.maxCallLevel()).isEqualTo(7);
                    assertThat(o.disableBalancer()).isTrue();
                    assertThat(o.gracefulStopTimeout()).isEqualTo(Duration.ofSeconds(2));
                });
    }

    @Test
    void unsetPropertiesKeepTheBrokersDefaults() {
        BrokerOptions defaults = ServiceBroker.builder().options();
        runner.run(context -> {
            BrokerOptions o = context.getBean(ServiceBroker.class).options();
            assertThat(o.nodeId()).isEqualTo(defaults.nodeId());
            assertThat(o.serializerName()).contains("json");
            assertThat(o.requestTimeout()).isEqualTo(defaults.requestTimeout());
            assertThat(o.retryPolicy()).isEqualTo(RetryPolicy.none());
            assertThat(o.heartbeatInterval()).isEqualTo(defaults.heartbeatInterval());
            assertThat(o.heartbeatTimeout()).isEqualTo(defaults.heartbeatTimeout());
            assertThat(o.preferLocal()).isTrue();
            assertThat(o.gracefulStopTimeout()).isEqualTo(defaults.gracefulStopTimeout());
        });
    }

    @Test
    void servesTheContextsServicesWhileTheContextRunsAndLeavesWhenItCloses() {
        ServiceBroker[] seen = new ServiceBroker[1];
        runner.withUserConfiguration(Services.class).run(context -> {
            ServiceBroker broker = context.getBean(ServiceBroker.class);
            seen[0] = broker;
            assertThat(broker.running()).isTrue();
            assertThat(broker.call("math.add", Map.of("a", 1, "b", 2), Integer.class)
                            .join())
                    .isEqualTo(3);
            assertThat(broker.call("v2.greeter.hello", Map.of("name", "Ada"), String.class)
                            .join())
                    .isEqualTo("hello Ada");
        });
        assertThat(seen[0].running()).isFalse();
    }

    @Test
    void twoContextsCallEachOther() {
        runner.withPropertyValues("mycelium.node-id=server")
                .withUserConfiguration(Services.class)
                .run(server -> new ApplicationContextRunner()
                        .withConfiguration(AutoConfigurations.of(MyceliumAutoConfiguration.class))
                        .withPropertyValues(
                                "mycelium.transporter=memory://",
                                "mycelium.namespace=" + namespace,
                                "mycelium.node-id=client")
                        .run(client -> {
                            ServiceBroker broker = client.getBean(ServiceBroker.class);
                            broker.waitForServices(Duration.ofSeconds(10), "math", "v2.greeter")
                                    .join();
                            assertThat(broker.call("math.add", Map.of("a", 2, "b", 3), Integer.class)
                                            .join())
                                    .isEqualTo(5);
                        }));
    }

    @Test
    void healthIsUpWhileTheBrokerRunsAndDownAfter() {
        MyceliumHealthIndicator[] indicator = new MyceliumHealthIndicator[1];
        runner.withPropertyValues("mycelium.node-id=healthy").run(context -> {
            indicator[0] = context.getBean(MyceliumHealthIndicator.class);
            var health = indicator[0].health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("nodeId", "healthy")
                    .containsEntry("namespace", namespace)
                    .containsEntry("transporter", "memory://");
        });
        assertThat(indicator[0].health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void healthIndicatorCanBeTurnedOff() {
        runner.withPropertyValues("management.health.mycelium.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MyceliumHealthIndicator.class));
    }

    @Test
    void disabledMakesNoBroker() {
        runner.withPropertyValues("mycelium.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ServiceBroker.class));
    }

    @Test
    void anApplicationsOwnBrokerWinsAndCustomizersApply() {
        runner.withBean(ServiceBrokerCustomizer.class, () -> b -> b.metadata(Map.of("zone", "eu")))
                .run(context -> assertThat(
                                context.getBean(ServiceBroker.class).options().metadata())
                        .containsEntry("zone", "eu"));
        ServiceBroker own = ServiceBroker.builder()
                .nodeId("own")
                .transporter("memory://")
                .namespace(namespace)
                .build();
        runner.withBean(ServiceBroker.class, () -> own).run(context -> {
            assertThat(context.getBean(ServiceBroker.class)).isSameAs(own);
            assertThat(own.running()).isTrue();
        });
    }

    @Test
    void invalidSettingsFailTheContextWithTheBrokersMessage() {
        runner.withPropertyValues("mycelium.max-call-level=-1").run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("maxCallLevel must not be negative"));
    }

    @Test
    void ideMetadataDescribesTheProperties() throws IOException {
        try (InputStream in = Objects.requireNonNull(
                getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json"))) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json)
                    .contains("\"mycelium.transporter\"", "\"mycelium.retry.max-delay\"", "\"mycelium.node-id\"")
                    .contains("The transporter URL, e.g. tcp:");
        }
    }
}
