package io.mycelium.transport.testkit;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceName;
import io.mycelium.spi.Transporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives every test a mesh of real {@link ServiceBroker}s: before each test it
 * starts the declared nodes in a namespace of the test's own (on {@code memory://} unless another
 * transporter is asked for), registers their services, waits until every node sees every declared
 * service, and injects the brokers into {@code ServiceBroker} parameters; after the test it stops every
 * broker it started, whatever happened.
 *
 * <pre>{@code
 * @RegisterExtension
 * final MeshExtension mesh = MeshExtension.memory()
 *         .node("server", MathService::new)
 *         .node("client");
 *
 * @Test
 * void adds(@MeshNode("client") ServiceBroker client) {
 *     assertThat(client.call("math.add", Map.of("a", 1, "b", 2), Integer.class).join()).isEqualTo(3);
 * }
 * }</pre>
 *
 * <p>Brokers get short heartbeats ({@link MeshNodes#HEARTBEAT}, {@link MeshNodes#HEARTBEAT_TIMEOUT}) so
 * leaving and crashed nodes are noticed within seconds; {@link #options} changes any setting. A test starts
 * more nodes itself with {@link #start}. Service suppliers are called once per test, so a stateful service
 * starts fresh in every test.
 *
 * <p>Not thread-safe: configure it in a field initializer and use it from the test thread. Register it on
 * an instance field or a static one; either way each test gets a new mesh. Two mesh extensions in one test
 * class cannot both inject {@code ServiceBroker} parameters (JUnit rejects competing resolvers).
 */
public final class MeshExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private record Declared(String name, List<Supplier<?>> services) {}

    private final BiFunction<String, Integer, Transporter> transporters;
    private final List<Declared> declared = new ArrayList<>();
    private Consumer<ServiceBroker.Builder> options = b -> {};
    private Duration discoveryTimeout = Duration.ofSeconds(10);
    private String namespacePrefix = "t";

    private @Nullable MeshNodes nodes;
    private String namespace = "";
    private final Map<String, ServiceBroker> byName = new LinkedHashMap<>();

    private MeshExtension(BiFunction<String, Integer, Transporter> transporters) {
        this.transporters = transporters;
    }

    /** Nodes on the in-process {@code memory://} transporter. */
    public static MeshExtension memory() {
        return transporter("memory://");
    }

    /**
     * Nodes on the transporter of {@code url}, one instance per node, e.g. {@code nats://127.0.0.1:4222} or
     * {@code tcp://?host=127.0.0.1&udpBindAddress=127.0.0.1&udpPort=41234}.
     */
    public static MeshExtension transporter(String url) {
        return using((nodeId, index) -> Transporters.create(url));
    }

    /**
     * Nodes whose transporter {@code transporters} makes from the node id and the node's index in the test
     * (0 for the first node started), for meshes whose nodes must know each other's addresses.
     */
    public static MeshExtension using(BiFunction<String, Integer, Transporter> transporters) {
        return new MeshExtension(transporters);
    }

    /**
     * Declares a node started before each test, in declaration order, hosting the services the suppliers
     * make: {@link Service}, {@link Service.Builder} or objects annotated with {@link ServiceName}.
     */
    public MeshExtension node(String name, Supplier<?>... services) {
        if (declared.stream().anyMatch(d -> d.name().equals(name))) {
            throw new IllegalArgumentException("node declared twice: " + name);
        }
        declared.add(new Declared(name, List.of(services)));
        return this;
    }

    /**
     * Declares {@code count} more nodes without services, named {@code node-1}, {@code node-2}, … (numbered
     * after the nodes already declared), for tests that register services themselves.
     */
    public MeshExtension nodes(int count) {
        int first = declared.size() + 1;
        for (int i = 0; i < count; i++) {
            node("node-" + (first + i));
        }
        return this;
    }

    /** Adjusts the builder of every broker this extension starts, after the test defaults. */
    public MeshExtension options(Consumer<ServiceBroker.Builder> options) {
        this.options = options;
        return this;
    }

    /** How long to wait for the declared nodes to see each other's services; default 10 s. */
    public MeshExtension discoveryTimeout(Duration timeout) {
        this.discoveryTimeout = timeout;
        return this;
    }

    /** The start of every namespace this extension makes (a random part follows); default {@code t}. */
    public MeshExtension namespacePrefix(String prefix) {
        this.namespacePrefix = prefix;
        return this;
    }

    /** The namespace of the running test. */
    public String namespace() {
        return namespace;
    }

    /** The broker of the node {@code name} (declared, or started by the test under that name). */
    public ServiceBroker broker(String name) {
        ServiceBroker b = byName.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no node named " + name + " in this test; nodes: " + byName.keySet());
        }
        return b;
    }

    /** Every broker of the running test, in start order. */
    public List<ServiceBroker> brokers() {
        return List.copyOf(byName.values());
    }

    /**
     * Starts another node in the running test: a broker with id {@code name-<random>} hosting
     * {@code services} ({@link Service}, {@link Service.Builder} or {@link ServiceName}-annotated objects).
     * It does not wait for discovery: see {@link #awaitServices}.
     */
    public ServiceBroker start(String name, Object... services) {
        return start(MeshNodes.nodeId(name), b -> {}, b -> registerAll(b, List.of(services)), name);
    }

    /** Starts another node with id {@code name-<random>}; {@code services} registers what it hosts. */
    public ServiceBroker start(String name, Consumer<ServiceBroker> services) {
        return start(MeshNodes.nodeId(name), b -> {}, services, name);
    }

    /**
     * Starts another node with exactly the id {@code nodeId}; {@code options} adjusts its builder after
     * this extension's options, {@code services} registers what it hosts before it starts.
     */
    public ServiceBroker start(
            String nodeId, Consumer<ServiceBroker.Builder> options, Consumer<ServiceBroker> services) {
        return start(nodeId, options, services, nodeId);
    }

    /** The transporter a started broker was built with (to kill it without a goodbye). */
    public Transporter transporterOf(ServiceBroker broker) {
        return running().transporterOf(broker);
    }

    /** Waits until {@code broker} sees every service of {@code serviceNames}; fails after the discovery timeout. */
    public void awaitServices(ServiceBroker broker, String... serviceNames) {
        broker.waitForServices(discoveryTimeout, serviceNames).join();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        namespace = namespacePrefix + "-" + UUID.randomUUID().toString().substring(0, 13);
        nodes = new MeshNodes(namespace, transporters);
        byName.clear();
        try {
            Set<String> serviceNames = new LinkedHashSet<>();
            List<ServiceBroker> started = new ArrayList<>();
            for (Declared d : declared) {
                List<Object> services = new ArrayList<>();
                d.services().forEach(s -> services.add(s.get()));
                services.forEach(s -> serviceNames.add(fullName(s)));
                started.add(start(MeshNodes.nodeId(d.name()), b -> {}, b -> registerAll(b, services), d.name()));
            }
            String[] all = serviceNames.toArray(String[]::new);
            for (ServiceBroker b : started) {
                awaitServices(b, all);
            }
        } catch (RuntimeException | Error e) {
            stopAll();
            throw e;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopAll();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ServiceBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        MeshNode named = parameter.getParameter().getAnnotation(MeshNode.class);
        if (named != null) {
            if (!byName.containsKey(named.value())) {
                throw new ParameterResolutionException(
                        "no node named " + named.value() + "; nodes: " + byName.keySet());
            }
            return byName.get(named.value());
        }
        int position = 0;
        for (int i = 0; i < parameter.getIndex(); i++) {
            if (parameter.getDeclaringExecutable().getParameterTypes()[i] == ServiceBroker.class) {
                position++;
            }
        }
        if (position >= declared.size()) {
            throw new ParameterResolutionException(
                    "ServiceBroker parameter " + (position + 1) + " has no declared node (" + declared.size()
                            + " declared); declare more with node(...) or name one with @MeshNode");
        }
        return broker(declared.get(position).name());
    }

    private ServiceBroker start(
            String nodeId, Consumer<ServiceBroker.Builder> extra, Consumer<ServiceBroker> services, String name) {
        // a node restarted under the same name replaces the old one here; the mesh still stops both
        ServiceBroker b = running().start(nodeId, options.andThen(extra), services);
        byName.put(name, b);
        return b;
    }

    private MeshNodes running() {
        MeshNodes n = nodes;
        if (n == null) {
            throw new IllegalStateException("no test is running: register the MeshExtension with @RegisterExtension");
        }
        return n;
    }

    private void stopAll() {
        MeshNodes n = nodes;
        nodes = null;
        byName.clear();
        if (n != null) {
            n.close();
        }
    }

    private static void registerAll(ServiceBroker broker, List<?> services) {
        for (Object s : services) {
            switch (s) {
                case Service service -> broker.register(service);
                case Service.Builder builder -> broker.register(builder);
                default -> broker.register(s);
            }
        }
    }

    /** The name a service is called by, as {@link Service#fullName()} makes it. */
    static String fullName(Object service) {
        return switch (service) {
            case Service s -> s.fullName();
            case Service.Builder b -> b.build().fullName();
            default -> {
                ServiceName n = service.getClass().getAnnotation(ServiceName.class);
                if (n == null) {
                    throw new IllegalArgumentException(
                            "not a service: " + service.getClass().getName() + " (no @ServiceName)");
                }
                String v = n.version();
                yield v.isEmpty()
                        ? n.value()
                        : (v.chars().allMatch(Character::isDigit) ? "v" + v : v) + "." + n.value();
            }
        };
    }
}
