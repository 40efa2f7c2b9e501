package io.mycelium.transport.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical link to Redis: a command connection and, for the transporter, a pub/sub connection. It
 * reconnects by itself with exponential back-off: Lettuce's own auto-reconnect is off, because it replays
 * commands that were in flight when the connection broke (a publish could reach subscribers twice) and
 * buffers new ones. Instead a broken link is dropped whole, sends fail fast until a fresh pair of
 * connections is open and {@link Hooks#prepare} (the subscriptions) has run on it exactly once.
 *
 * <p>Thread-safe. Connecting and preparing run on virtual threads; timers on the given scheduler.
 */
final class RedisLink {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
    private static final Executor VIRTUAL =
            task -> Thread.ofVirtual().name("redis-link").start(task);
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** What the owner does at the link's turning points. */
    interface Hooks {
        /** Runs on a fresh session before it goes live (subscribe here); throwing fails this attempt. */
        void prepare(Session session) throws Exception;

        /** The live session broke; a reconnect is under way. */
        void lost(Throwable cause);

        /** A new session is live after a loss. */
        void restored();
    }

    /** The connections of one attempt; {@code sub} is null for a link without pub/sub. */
    record Session(
            StatefulRedisConnection<String, byte[]> commands,
            @Nullable StatefulRedisPubSubConnection<String, byte[]> sub) {}

    private final RedisOptions options;
    private final boolean withSub;
    private final String name;
    private final ScheduledExecutorService scheduler;
    private final Hooks hooks;
    private final Backoff backoff;
    private final RedisClient client;
    private volatile @Nullable Session session;
    private volatile boolean closed;

    RedisLink(RedisOptions options, boolean withSub, String name, ScheduledExecutorService scheduler, Hooks hooks) {
        this.options = options;
        this.withSub = withSub;
        this.name = name;
        this.scheduler = scheduler;
        this.hooks = hooks;
        this.backoff = new Backoff(options.reconnectDelay(), options.maxReconnectDelay());
        this.client = RedisClient.create(SharedResources.INSTANCE, options.toRedisUri());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(65_536)
                .timeoutOptions(TimeoutOptions.enabled(options.connectTimeout()))
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                Session s = session;
                if (s != null && (connection == s.commands() || connection == s.sub())) {
                    broke(s);
                }
            }
        });
    }

    /** Connects (retrying with back-off, within the attempt limit); completes when the first session is live. */
    CompletableFuture<Void> open() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        VIRTUAL.execute(() -> attempt(1, ready));
        return ready;
    }

    /** The live session, or null while disconnected. */
    @Nullable
    Session current() {
        return session;
    }

    private void attempt(int attempt, @Nullable CompletableFuture<Void> first) {
        if (closed) {
            if (first != null) {
                first.completeExceptionally(Failures.disconnected("closed while connecting"));
            }
            return;
        }
        StatefulRedisConnection<String, byte[]> commands = null;
        StatefulRedisPubSubConnection<String, byte[]> sub = null;
        try {
            commands = client.connect(CODEC);
            sub = withSub ? client.connectPubSub(CODEC) : null;
            Session s = new Session(commands, sub);
            hooks.prepare(s);
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("closed while connecting");
                }
                session = s;
            }
            if (!commands.isOpen() || (sub != null && !sub.isOpen())) {
                broke(s);
                return;
            }
            if (first != null) {
                first.complete(null);
            } else {
                LOG.info("{} reconnected to Redis {}:{}", name, options.host(), options.port());
                hooks.restored();
            }
        } catch (Exception e) {
            closeQuietly(commands);
            closeQuietly(sub);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            int max = options.maxReconnectAttempts();
            if (closed || (max >= 0 && attempt > max)) {
                RuntimeException failure = Failures.disconnected("cannot connect to Redis " + options.host() + ":"
                        + options.port() + " after " + attempt + " attempts: " + e);
                LOG.error("{} gives up: {}", name, failure.getMessage());
                if (first != null) {
                    first.completeExceptionally(failure);
                }
                return;
            }
            long delay = backoff.delay(attempt).toMillis();
            LOG.warn(
                    "{} cannot connect to Redis {}:{} ({}); retrying in {} ms",
                    name,
                    options.host(),
                    options.port(),
                    e.toString(),
                    delay);
            scheduler.schedule(() -> VIRTUAL.execute(() -> attempt(attempt + 1, first)), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void broke(Session s) {
        synchronized (this) {
            if (session != s || closed) {
                return;
            }
            session = null;
        }
        LOG.warn("{} lost its Redis connection", name);
        hooks.lost(Failures.disconnected("connection to " + options.host() + ":" + options.port() + " lost"));
        VIRTUAL.execute(() -> {
            closeQuietly(s.commands());
            closeQuietly(s.sub());
            attempt(1, null);
        });
    }

    /** Closes the connections; pending commands fail. Safe to call twice. */
    CompletableFuture<Void> close() {
        Session s;
        synchronized (this) {
            closed = true;
            s = session;
            session = null;
        }
        return CompletableFuture.runAsync(
                () -> {
                    if (s != null) {
                        closeQuietly(s.commands());
                        closeQuietly(s.sub());
                    }
                    try {
                        client.shutdown(0, 2, TimeUnit.SECONDS);
                    } catch (RuntimeException e) {
                        LOG.debug("{} shutdown: {}", name, e.toString());
                    }
                },
                VIRTUAL);
    }

    private static void closeQuietly(@Nullable StatefulRedisConnection<String, byte[]> c) {
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.debug("close: {}", e.toString());
            }
        }
    }

    private static void closeQuietly(@Nullable StatefulRedisPubSubConnection<String, byte[]> c) {
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.debug("close: {}", e.toString());
            }
        }
    }

    /** One set of Lettuce event loops for every Redis link in the JVM (daemon threads). */
    private static final class SharedResources {
        static final ClientResources INSTANCE = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .build();
    }
}
