package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.ServiceBroker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MeshExtension#nodes} on a static field: N plain nodes, each test its own. */
class MeshExtensionNodesTest {

    @RegisterExtension
    static final MeshExtension MESH = MeshExtension.memory().nodes(3);

    @Test
    void startsThatManyNodesInOneNamespace(ServiceBroker first, ServiceBroker second, ServiceBroker third) {
        List<ServiceBroker> all = List.of(first, second, third);
        assertThat(all)
                .extracting(ServiceBroker::nodeId)
                .allMatch(id -> id.startsWith("node-"))
                .doesNotHaveDuplicates();
        assertThat(MESH.broker("node-3")).isSameAs(third);
        assertThat(all).allMatch(b -> b.namespace().equals(MESH.namespace()) && b.running());
    }
}
