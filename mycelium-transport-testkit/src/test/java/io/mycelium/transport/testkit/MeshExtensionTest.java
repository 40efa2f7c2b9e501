package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.Action;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension starts the declared nodes, injects them, and stops every broker after each test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshExtensionTest {

    private static final List<ServiceBroker> SEEN = new ArrayList<>();
    private static final List<String> NAMESPACES = new ArrayList<>();

    @ServiceName(value = "counter", version = "2")
    static final class Counter {
        private final AtomicInteger hits = new AtomicInteger();

        @Action
        int hit() {
            return hits.incrementAndGet();
        }
    }

    @RegisterExtension
    final MeshExtension mesh = MeshExtension.memory()
            .node("server", Counter::new, () -> Service.named("echo").action("say", ctx -> ctx.params()))
            .node("client");

    @Test
    @Order(1)
    void injectsTheDeclaredNodesInOrderAfterTheySeeEachOther(ServiceBroker server, ServiceBroker client) {
        assertThat(server.nodeId()).startsWith("server-");
        assertThat(client.nodeId()).startsWith("client-");
        assertThat(server.namespace()).isEqualTo(mesh.namespace()).isEqualTo(client.namespace());

        // no waiting here: the extension waited until the client saw both services
        assertThat(client.call("v2.counter.hit", null, Integer.class).join()).isEqualTo(1);
        assertThat(client.call("echo.say", Map.of("x", 1)).join().get("x").asInt())
                .isEqualTo(1);
        remember(server, client);
    }

    @Test
    @Order(2)
    void injectsByNameAndGivesEveryTestFreshServicesInANewNamespace(
            @MeshNode("client") ServiceBroker client, @MeshNode("server") ServiceBroker server) {
        assertThat(client).isSameAs(mesh.broker("client"));
        assertThat(server).isSameAs(mesh.broker("server"));
        assertThat(NAMESPACES).doesNotContain(mesh.namespace());

        assertThat(client.call("v2.counter.hit", null, Integer.class).join()).isEqualTo(1);
        remember(server, client);
    }

    @Test
    @Order(3)
    void startsMoreNodesWhenTheTestAsks() {
        ServiceBroker late = mesh.start("late", Service.named("late").action("ping", ctx -> "pong"));
        mesh.awaitServices(mesh.broker("client"), "late");

        assertThat(mesh.broker("client").call("late.ping", null, String.class).join())
                .isEqualTo("pong");
        assertThat(mesh.brokers()).containsExactly(mesh.broker("server"), mesh.broker("client"), late);
        remember(late);
    }

    private void remember(ServiceBroker... brokers) {
        SEEN.addAll(List.of(brokers));
        NAMESPACES.add(mesh.namespace());
    }

    @AfterAll
    static void everyBrokerWasStopped() {
        assertThat(SEEN).hasSize(5).noneMatch(ServiceBroker::running);
    }
}
