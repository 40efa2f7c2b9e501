package io.mycelium.transport.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.mycelium.protocol.HeartbeatPacket;
import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Discoverer;
import io.mycelium.spi.NodeSnapshot;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.SerializerProvider;
import io.mycelium.spi.TransportContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery on Redis (atom.js's registry, with the key layout of Moleculer's Redis discoverer). Every
 * {@code heartbeatInterval} the node writes its heartbeat key (expiring after {@code heartbeatTimeout})
 * and, when its services changed or Redis lost it, its INFO key; then it scans the heartbeat keys of its
 * namespace: a node seen for the first time, with a new {@code seq} or a new instance has its INFO read
 * and handed to the registry; every live node counts as a heartbeat; a node whose key expired (crash) or
 * was removed (graceful stop) is reported unreachable. Nodes started in any order find each other
 * within one interval.
 *
 * <p>After a lost Redis connection comes back, the store may be empty (a restarted Redis keeps nothing):
 * this node rewrites its INFO and heartbeat at once, and for one {@code heartbeatTimeout} a peer missing
 * from the store is not reported, since it rewrites its own keys within one interval of its reconnect.
 * Peers that stayed silent longer than the broker's heartbeat timeout were marked unavailable by the
 * broker meanwhile; their next heartbeat key brings their INFO back in (the registry heals by itself).
 *
 * <p>Thread-safe. Redis is used from virtual threads; the context's scheduler only triggers cycles.
 */
public final class RedisDiscoverer implements Discoverer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisDiscoverer.class);
    private static final Executor VIRTUAL =
            task -> Thread.ofVirtual().name("redis-discoverer").start(task);
    private static final long INFO_TTL_MILLIS = Duration.ofMinutes(30).toMillis();

    private record Seen(long seq, String instance) {}

    private final RedisOptions options;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final String serializerName;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** Held by a cycle and by the removal of this node's keys at stop, so no cycle writes them back after. */
    private final ReentrantLock writing = new ReentrantLock();

    private volatile @Nullable RedisLink link;
    private volatile @Nullable TransportContext context;
    private volatile @Nullable Serializer serializer;
    private volatile @Nullable DiscoveryKeys keys;
    private volatile @Nullable ScheduledFuture<?> timer;
    private volatile boolean stopped;
    private volatile boolean infoDirty = true;
    private volatile long lastBeatSeq = -1;
    /** Until this {@code System.nanoTime()}, peers missing from the store are not reported (after a reconnect). */
    private volatile long graceUntil;

    private volatile boolean graceActive;

    private RedisDiscoverer(
            RedisOptions options, Duration heartbeatInterval, Duration heartbeatTimeout, String serializer) {
        this.options = options;
        this.heartbeatInterval = heartbeatInterval;
        this.heartbeatTimeout = heartbeatTimeout;
        this.serializerName = serializer;
    }

    /**
     * A discoverer writing heartbeats every {@code heartbeatInterval} that expire after
     * {@code heartbeatTimeout}, encoding packets with the named serializer (Moleculer's default is
     * {@code json}).
     */
    public static RedisDiscoverer create(
            RedisOptions options, Duration heartbeatInterval, Duration heartbeatTimeout, String serializer) {
        if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("heartbeatTimeout (" + heartbeatTimeout
                    + ") must exceed heartbeatInterval (" + heartbeatInterval + ")");
        }
        return new RedisDiscoverer(options, heartbeatInterval, heartbeatTimeout, serializer);
    }

    @Override
    public CompletableFuture<Void> start(TransportContext ctx) {
        if (context != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("start may be called once"));
        }
        context = ctx;
        try {
            serializer = findSerializer(serializerName);
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        keys = new DiscoveryKeys(ctx.namespace(), ctx.nodeId(), ctx.localInfo().instanceId());
        RedisLink l =
                new RedisLink(options, false, ctx.nodeId() + "/discoverer", ctx.scheduler(), new RedisLink.Hooks() {
                    @Override
                    public void prepare(RedisLink.Session session) {
                        infoDirty = true;
                    }

                    @Override
                    public void lost(Throwable cause) {
                        // peers keep our keys until they expire; nothing to tell the registry
                    }

                    @Override
                    public void restored() {
                        graceUntil = System.nanoTime() + heartbeatTimeout.toNanos();
                        graceActive = true;
                        trigger();
                    }
                });
        link = l;
        return l.open()
                .thenRunAsync(this::cycle, VIRTUAL)
                .thenRun(() -> timer = ctx.scheduler()
                        .scheduleWithFixedDelay(
                                this::trigger,
                                heartbeatInterval.toMillis(),
                                heartbeatInterval.toMillis(),
                                TimeUnit.MILLISECONDS));
    }

    @Override
    public void localInfoChanged() {
        trigger();
    }

    /** Runs one cycle on a virtual thread; a trigger during a running cycle runs one more after it. */
    private void trigger() {
        if (stopped) {
            return;
        }
        again.set(true);
        if (!running.compareAndSet(false, true)) {
            return;
        }
        VIRTUAL.execute(() -> {
            try {
                while (again.getAndSet(false) && !stopped) {
                    cycle();
                }
            } finally {
                running.set(false);
            }
        });
    }

    private void cycle() {
        writing.lock();
        try {
            RedisLink l = link;
            RedisLink.Session s = l == null ? null : l.current();
            if (s == null || stopped) {
                return;
            }
            publish(s.commands().sync());
            collect(s.commands().sync());
        } catch (RuntimeException e) {
            LOG.warn("{} discovery cycle failed: {}", nodeId(), e.toString());
            infoDirty = true;
        } finally {
            writing.unlock();
        }
    }

    private void publish(RedisCommands<String, byte[]> redis) {
        TransportContext ctx = ctxOrFail();
        DiscoveryKeys k = keysOrFail();
        Serializer ser = serializerOrFail();
        InfoPacket info = ctx.localInfo();
        long seq = info.seq();
        if (infoDirty || seq != lastBeatSeq) {
            redis.psetex(k.ownInfo(), INFO_TTL_MILLIS, ser.serialize(info));
            infoDirty = false;
        } else if (!redis.pexpire(k.ownInfo(), INFO_TTL_MILLIS)) {
            redis.psetex(k.ownInfo(), INFO_TTL_MILLIS, ser.serialize(info));
        }
        if (lastBeatSeq >= 0 && lastBeatSeq != seq) {
            redis.del(k.ownBeat(lastBeatSeq));
        }
        redis.psetex(
                k.ownBeat(seq),
                heartbeatTimeout.toMillis(),
                ser.serialize(new HeartbeatPacket(ctx.nodeId(), localCpu(ctx))));
        lastBeatSeq = seq;
    }

    private static int localCpu(TransportContext ctx) {
        for (NodeSnapshot n : ctx.nodes()) {
            if (n.local()) {
                return n.cpu();
            }
        }
        return 0;
    }

    private void collect(RedisCommands<String, byte[]> redis) {
        TransportContext ctx = ctxOrFail();
        DiscoveryKeys k = keysOrFail();
        Serializer ser = serializerOrFail();
        List<String> beatKeys = new ArrayList<>();
        ScanArgs args = ScanArgs.Builder.matches(k.beatPattern()).limit(100);
        KeyScanCursor<String> cursor = redis.scan(args);
        while (true) {
            beatKeys.addAll(cursor.getKeys());
            if (cursor.isFinished()) {
                break;
            }
            cursor = redis.scan(cursor, args);
        }
        Map<String, NodeSnapshot> registry = new HashMap<>();
        for (NodeSnapshot n : ctx.nodes()) {
            registry.put(n.nodeId(), n);
        }
        Set<String> alive = new HashSet<>();
        List<KeyValue<String, byte[]>> values =
                beatKeys.isEmpty() ? List.of() : redis.mget(beatKeys.toArray(String[]::new));
        for (KeyValue<String, byte[]> kv : values) {
            DiscoveryKeys.Beat beat = k.parseBeat(kv.getKey()).orElse(null);
            if (beat == null || beat.nodeId().equals(ctx.nodeId()) || !kv.hasValue()) {
                continue;
            }
            alive.add(beat.nodeId());
            Seen prev = seen.get(beat.nodeId());
            NodeSnapshot known = registry.get(beat.nodeId());
            boolean stale = known == null || !known.available() || known.seq() != beat.seq();
            if (prev == null || prev.seq() != beat.seq() || !prev.instance().equals(beat.instance()) || stale) {
                byte[] raw = redis.get(k.info(beat.nodeId()));
                if (raw == null) {
                    continue;
                }
                if (!deliver(ctx, ser, PacketType.INFO, raw, beat.nodeId())) {
                    continue;
                }
                seen.put(beat.nodeId(), new Seen(beat.seq(), beat.instance()));
            }
            deliver(ctx, ser, PacketType.HEARTBEAT, kv.getValue(), beat.nodeId());
        }
        if (graceActive && System.nanoTime() - graceUntil < 0) {
            return;
        }
        graceActive = false;
        for (String nodeId : new ArrayList<>(seen.keySet())) {
            if (!alive.contains(nodeId)) {
                seen.remove(nodeId);
                ctx.nodeUnreachable(nodeId, "its heartbeat key expired or was removed from Redis");
            }
        }
    }

    /**
     * Hands on a packet read from the key of {@code owner}; one naming another sender is dropped, so a
     * node's key can only ever speak for that node.
     */
    private boolean deliver(TransportContext ctx, Serializer ser, PacketType type, byte[] raw, String owner) {
        try {
            Packet p = ser.deserialize(type, raw);
            if (!p.sender().equals(owner)) {
                LOG.warn(
                        "{} ignored a {} under the key of {} that claims to come from {}",
                        ctx.nodeId(),
                        type,
                        owner,
                        p.sender());
                return false;
            }
            ctx.receive(p);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("{} ignored a bad {} entry in Redis: {}", ctx.nodeId(), type, e.toString());
            return false;
        }
    }

    @Override
    public CompletableFuture<Void> stop() {
        stopped = true;
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        RedisLink l = link;
        DiscoveryKeys k = keys;
        if (l == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(
                        () -> {
                            writing.lock(); // a cycle under way ends first; later ones see `stopped`
                            RedisLink.Session s = l.current();
                            long beat = lastBeatSeq;
                            try {
                                removeKeys(s, k, beat);
                            } finally {
                                writing.unlock();
                            }
                        },
                        VIRTUAL)
                .thenCompose(v -> l.close());
    }

    private void removeKeys(RedisLink.@Nullable Session s, @Nullable DiscoveryKeys k, long beat) {
        if (s == null || k == null) {
            return;
        }
        try {
            s.commands().sync().del(k.ownInfo());
            if (beat >= 0) {
                s.commands().sync().del(k.ownBeat(beat));
            }
        } catch (RuntimeException e) {
            LOG.warn("{} could not remove its discovery keys: {}", nodeId(), e.toString());
        }
    }

    private static Serializer findSerializer(String name) {
        for (SerializerProvider p : ServiceLoader.load(SerializerProvider.class)) {
            if (p.name().equalsIgnoreCase(name)) {
                return p.create();
            }
        }
        throw new IllegalStateException(
                "no serializer named '" + name + "' on the class path for the Redis discoverer");
    }

    private String nodeId() {
        TransportContext ctx = context;
        return ctx == null ? "?" : ctx.nodeId();
    }

    private TransportContext ctxOrFail() {
        TransportContext ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("not started");
        }
        return ctx;
    }

    private DiscoveryKeys keysOrFail() {
        DiscoveryKeys k = keys;
        if (k == null) {
            throw new IllegalStateException("not started");
        }
        return k;
    }

    private Serializer serializerOrFail() {
        Serializer s = serializer;
        if (s == null) {
            throw new IllegalStateException("not started");
        }
        return s;
    }
}
