package io.mycelium.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.CallOptions;
import io.mycelium.DuplicateNodeIdException;
import io.mycelium.EventNames;
import io.mycelium.ServiceBroker;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A started broker that commands act through: a transient node living for one command, or the REPL's.
 * Reads the mesh through the local {@code $node} service, so it sees Moleculer nodes too.
 */
final class Session implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);
    /** The mesh is taken as discovered once no node appeared for this long. */
    private static final Duration QUIET = Duration.ofMillis(400);

    private final ServiceBroker broker;
    private final Duration discoveryTimeout;
    private final String transporter;
    private final boolean owned;

    private Session(ServiceBroker broker, Duration discoveryTimeout, String transporter, boolean owned) {
        this.broker = broker;
        this.discoveryTimeout = discoveryTimeout;
        this.transporter = transporter;
        this.owned = owned;
    }

    /**
     * Starts a node with the root command's options; {@code setup} registers services before the start.
     * The REPL's session is returned instead when the command runs inside the REPL.
     *
     * @throws UsageException when an option is not usable (unknown scheme, serializer)
     * @throws UnreachableException when the transporter does not connect within the discovery timeout
     */
    static Session open(MyceliumCommand root, String idPrefix, Consumer<ServiceBroker> setup) {
        Optional<Session> shared = root.shared();
        if (shared.isPresent()) {
            setup.accept(shared.get().broker);
            return shared.get().borrowed(root.discoveryTimeout());
        }
        return start(root, root.nodeId().orElseGet(() -> defaultNodeId(idPrefix)), setup);
    }

    static Session start(MyceliumCommand root, String nodeId, Consumer<ServiceBroker> setup) {
        return start(root, nodeId, root.namespace, setup);
    }

    /** Starts a node in {@code namespace} (the demo runs its mesh in a namespace of its own). */
    static Session start(MyceliumCommand root, String nodeId, String namespace, Consumer<ServiceBroker> setup) {
        Duration timeout = root.discoveryTimeout();
        ServiceBroker broker;
        try {
            ServiceBroker.Builder builder = ServiceBroker.builder()
                    .nodeId(nodeId)
                    .namespace(namespace)
                    .transporter(root.transporter)
                    .serializer(root.serializer);
            root.discoverer().ifPresent(builder::discoverer);
            broker = builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        setup.accept(broker);
        // start() blocks until connected; a transporter that retries a dead broker must not hang us.
        CompletableFuture<Void> started = CompletableFuture.runAsync(broker::start, Session::daemon);
        try {
            started.get(Math.max(timeout.toMillis(), 1000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stopQuietly(broker);
            throw new UnreachableException(
                    "could not connect to " + root.transporter + " within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            stopQuietly(broker);
            Throwable cause = Failures.unwrap(e);
            if (cause instanceof DuplicateNodeIdException duplicate) {
                throw duplicate; // the broker is reachable; the id is taken: say so as it is
            }
            throw new UnreachableException("cannot connect to " + root.transporter + ": " + message(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(broker);
            throw new UnreachableException("interrupted while connecting to " + root.transporter, e);
        }
        return new Session(broker, timeout, root.transporter, true);
    }

    static String defaultNodeId(String prefix) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return prefix + host + "-" + ProcessHandle.current().pid();
    }

    private static void daemon(Runnable task) {
        Thread t = new Thread(task, "mycelium-start");
        t.setDaemon(true);
        t.start();
    }

    private static void stopQuietly(ServiceBroker broker) {
        CompletableFuture.runAsync(broker::stop, Session::daemon)
                .orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private Session borrowed(Duration timeout) {
        return new Session(broker, timeout, transporter, false);
    }

    ServiceBroker broker() {
        return broker;
    }

    String nodeId() {
        return broker.nodeId();
    }

    Duration discoveryTimeout() {
        return discoveryTimeout;
    }

    /** Calls an action of the local {@code $node} service and returns its JSON answer. */
    JsonNode local(String action, ObjectNode params) {
        return broker.call(
                        "$node." + action,
                        params,
                        CallOptions.builder().nodeId(nodeId()).build())
                .join();
    }

    /** Every node the registry knows, Moleculer's {@code $node.list} shape. */
    List<JsonNode> nodes() {
        return list(local("list", obj()));
    }

    List<JsonNode> services() {
        return list(local(
                "services",
                obj().put("skipInternal", true).put("withActions", true).put("withEvents", true)));
    }

    List<JsonNode> actions() {
        return list(local("actions", obj().put("skipInternal", true).put("withEndpoints", true)));
    }

    List<JsonNode> events() {
        return list(local("events", obj().put("skipInternal", true).put("withEndpoints", true)));
    }

    /** The IDs of the available nodes other than this one. */
    Set<String> otherNodes() {
        Set<String> ids = new HashSet<>();
        for (JsonNode n : nodes()) {
            String id = n.path("id").asText();
            if (!id.equals(nodeId()) && n.path("available").asBoolean(true)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** True once {@code action} is served by some node (by {@code node} when given), false on timeout. */
    boolean awaitAction(String action, Optional<String> node) {
        return await(() -> actions().stream()
                .filter(a -> a.path("name").asText().equals(action))
                .anyMatch(a -> node.isEmpty() || endpointsInclude(a, node.get())));
    }

    /** True once some node other than this one listens to {@code event}, false on timeout. */
    boolean awaitListener(String event) {
        return await(() -> events().stream()
                .filter(e -> EventNames.matches(event, e.path("name").asText()))
                .anyMatch(e -> endpointsOther(e)));
    }

    /** True once {@code node} is available. */
    boolean awaitNode(String node) {
        return await(() -> otherNodes().contains(node));
    }

    /**
     * Waits until at least one other node is known and no new node appeared for a short while, bounded
     * by the discovery timeout; returns the other nodes then.
     */
    Set<String> settle() {
        long deadline = System.nanoTime() + discoveryTimeout.toNanos();
        Set<String> seen = otherNodes();
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (!seen.isEmpty() && System.nanoTime() - lastChange >= QUIET.toNanos()) {
                break;
            }
            pause();
            Set<String> now = otherNodes();
            if (!now.equals(seen)) {
                seen = now;
                lastChange = System.nanoTime();
            }
        }
        return seen;
    }

    private boolean endpointsInclude(JsonNode entry, String node) {
        for (JsonNode ep : entry.path("endpoints")) {
            if (ep.path("nodeID").asText().equals(node) && ep.path("available").asBoolean(true)) {
                return true;
            }
        }
        return false;
    }

    private boolean endpointsOther(JsonNode entry) {
        for (JsonNode ep : entry.path("endpoints")) {
            if (!ep.path("nodeID").asText().equals(nodeId())
                    && ep.path("available").asBoolean(true)) {
                return true;
            }
        }
        return false;
    }

    private boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + discoveryTimeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static ObjectNode obj() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** Leaves the mesh gracefully, unless this session is borrowed from the REPL. */
    @Override
    public void close() {
        if (owned) {
            stopQuietly(broker);
        }
    }
}
