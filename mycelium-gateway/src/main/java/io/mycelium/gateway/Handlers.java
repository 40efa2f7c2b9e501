package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The handlers of one kind of request (client, server or remote-client), by name, run as amqp-swarm runs
 * them: in the order added, each one's return value becoming {@code ctx.result}. Thread-safe.
 */
final class Handlers {
    private final Map<String, List<RequestHandler>> byName = new ConcurrentHashMap<>();
    private final Executor executor;

    Handlers(Executor executor) {
        this.executor = executor;
    }

    void add(String name, RequestHandler handler) {
        byName.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(handler);
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    /**
     * Runs the chain for {@code name} on the executor; the future holds the finished context, or fails with
     * the handler's error mapped to an amqp-swarm one.
     */
    CompletableFuture<Ctx> run(Ctx ctx) {
        List<RequestHandler> chain = byName.getOrDefault(ctx.name(), List.of());
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        for (RequestHandler h : chain) {
                            ctx.result = Json.tree(unwrap(h.handle(ctx)));
                        }
                        return ctx;
                    } catch (Exception e) {
                        throw Failures.of(e);
                    }
                },
                executor);
    }

    private static @Nullable Object unwrap(@Nullable Object value) throws Exception {
        if (value instanceof CompletionStage<?> stage) {
            try {
                return stage.toCompletableFuture().join();
            } catch (RuntimeException e) {
                if (Failures.unwrap(e) instanceof Exception x) {
                    throw x;
                }
                throw e;
            }
        }
        return value;
    }

    /** The context one chain shares. Confined to the chain's thread. */
    static final class Ctx implements RequestContext {
        private final ClientNode node;
        private final String name;
        private final ArrayNode args;
        private final @Nullable String sender;
        JsonNode result;
        private boolean pass = true;

        Ctx(ClientNode node, String name, ArrayNode args, @Nullable String sender, JsonNode initial) {
            this.node = node;
            this.name = name;
            this.args = args;
            this.sender = sender;
            this.result = initial;
        }

        static Ctx of(ClientNode node, String name, ArrayNode args, @Nullable String sender) {
            return new Ctx(node, name, args, sender, NullNode.getInstance());
        }

        @Override
        public ClientNode node() {
            return node;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ArrayNode args() {
            return args;
        }

        @Override
        public JsonNode result() {
            return result;
        }

        @Override
        public Optional<String> sender() {
            return Optional.ofNullable(sender);
        }

        @Override
        public boolean pass() {
            return pass;
        }

        @Override
        public void pass(boolean pass) {
            this.pass = pass;
        }
    }
}
