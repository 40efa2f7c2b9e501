package io.mycelium.internal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.MyceliumException;
import io.mycelium.StreamCancelledException;
import io.mycelium.StreamIdleTimeoutException;
import io.mycelium.StreamOverflowException;
import io.mycelium.StreamSettings;
import io.mycelium.internal.util.ErrorCodec;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.protocol.ResponsePacket;
import io.mycelium.spi.PushBack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams of one broker in flight: received request and response streams (reassembled in
 * {@code seq} order into {@link InboundStream}s) and response streams being sent. Cancels them when their
 * peer leaves, and sweeps the ones that stalled. Methods are thread-safe; the {@code on*} methods are
 * called on transporter threads and never block.
 */
public final class Streams {
    private static final Logger LOG = LoggerFactory.getLogger(Streams.class);

    /** What the streams need to tell a peer. */
    public interface Signals {
        /** The reader of response stream {@code id} from {@code nodeId} gave up: ask its sender to stop. */
        void cancelResponseStream(String nodeId, String id);

        /** True when {@code nodeId} is a Mycelium node (it understands the cancel and ack signals). */
        boolean understandsSignals(String nodeId);

        /** Tells the sender of stream {@code id} on {@code nodeId} how much the reader has consumed. */
        void ack(String nodeId, String id, long consumed, long window);
    }

    private final StreamSettings settings;
    private final long idleNanos;
    private final Signals signals;
    private final Map<String, Inbound> requests = new ConcurrentHashMap<>();
    private final Map<String, Inbound> responses = new ConcurrentHashMap<>();
    private final Map<String, Outbound> senders = new ConcurrentHashMap<>();
    /** Response streams whose call completed, until the caller takes them (the stream may end first). */
    private final Map<String, InboundStream> handover = new ConcurrentHashMap<>();

    private volatile @Nullable ScheduledFuture<?> sweeper;

    private final class Inbound {
        final String key;
        final String id;
        final String sender;
        final boolean response;
        final ChunkReassembler<Object> order;
        final InboundStream stream;
        volatile long lastPacketNanos = System.nanoTime();
        volatile boolean started;
        volatile boolean closing;

        Inbound(String key, String id, String sender, boolean response) {
            this.key = key;
            this.id = id;
            this.sender = sender;
            this.response = response;
            this.order = new ChunkReassembler<>(id, settings.bufferSize());
            this.stream = new InboundStream(id, settings.bufferSize(), idleNanos, s -> aborted(this));
            if (signals.understandsSignals(sender)) {
                long limit = settings.bufferSize();
                stream.onProgress(consumed -> signals.ack(sender, id, consumed, limit / 2), Math.max(1, limit / 8));
            }
        }
    }

    private record Outbound(String peer, StreamSender sender) {}

    public Streams(StreamSettings settings, Signals signals) {
        this.settings = settings;
        this.idleNanos = settings.idleTimeout().toNanos();
        this.signals = signals;
    }

    public StreamSettings settings() {
        return settings;
    }

    /** Starts sweeping stalled streams on the broker's scheduler. */
    public void start(ScheduledExecutorService scheduler) {
        long every = Math.max(100, settings.idleTimeout().toMillis() / 4);
        sweeper = scheduler.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    // ---- received streams

    /**
     * A REQUEST of a stream: once its first packet is in order, {@code start} runs the handler with the
     * stream (on this thread; it must not block). {@code pushBack} pauses the connection that carried
     * {@code p} when the stream's reader falls behind.
     */
    public void onRequest(RequestPacket p, PushBack pushBack, BiConsumer<RequestPacket, InboundStream> start) {
        String key = p.sender() + '\n' + p.id();
        Inbound in = requests.computeIfAbsent(key, k -> new Inbound(k, p.id(), p.sender(), false));
        synchronized (in) {
            for (Object o : ordered(in, p.seq().orElse(0), p, StreamPackets.size(p.params()))) {
                RequestPacket r = (RequestPacket) o;
                int seq = r.seq().orElse(0);
                if (seq == 0) {
                    in.started = true;
                    start.accept(r, in.stream);
                } else if (r.stream()) {
                    in.stream.push(StreamPackets.bytes(r.params()), pushBack);
                } else {
                    finish(requests, in);
                    JsonNode error = r.headers().get(StreamPackets.STREAM_ERROR);
                    if (error != null && !error.isNull()) {
                        in.stream.fail(ErrorCodec.fromWire(error, r.sender()));
                    } else {
                        in.stream.end();
                    }
                }
            }
        }
    }

    /**
     * A RESPONSE of a stream: its first packet in order goes to {@code deliver} (which completes the
     * waiting call and returns false when no call waits any more, cancelling the stream).
     */
    public void onResponse(ResponsePacket p, PushBack pushBack, Predicate<ResponsePacket> deliver) {
        // keyed by sender too: chunks another node sends under this id never join the stream
        String key = p.sender() + '\n' + p.id();
        Inbound in = responses.computeIfAbsent(key, k -> new Inbound(k, p.id(), p.sender(), true));
        synchronized (in) {
            for (Object o : ordered(in, p.seq().orElse(0), p, StreamPackets.size(p.data()))) {
                ResponsePacket r = (ResponsePacket) o;
                int seq = r.seq().orElse(0);
                if (seq == 0) {
                    in.started = true;
                    handover.put(r.id(), in.stream);
                    if (!deliver.test(r)) {
                        handover.remove(r.id(), in.stream);
                        LOG.debug("Response stream {} from {} came after its call ended", r.id(), r.sender());
                        in.stream.close();
                    }
                } else if (r.stream()) {
                    in.stream.push(StreamPackets.bytes(r.data()), pushBack);
                } else {
                    finish(responses, in);
                    if (!r.success()) {
                        in.stream.fail(ErrorCodec.fromWire(
                                r.error().map(e -> (JsonNode) e).orElse(r.data()), r.sender()));
                    } else {
                        in.stream.end();
                    }
                }
            }
        }
    }

    /** Takes the stream of response {@code id}, once its first packet completed the call. */
    public Optional<InboundStream> takeResponseStream(String id) {
        return Optional.ofNullable(handover.remove(id));
    }

    private List<Object> ordered(Inbound in, int seq, Object packet, long size) {
        in.lastPacketNanos = System.nanoTime();
        if (in.stream.finished() && in.started) {
            // aborted or failed: drop what still comes, forget the stream at its closing packet
            if (seq > 0 && isClosing(packet)) {
                finish(in.response ? responses : requests, in);
            }
            return List.of();
        }
        try {
            return in.order.accept(seq, packet, size);
        } catch (StreamOverflowException e) {
            in.stream.fail(e);
            return List.of();
        }
    }

    private static boolean isClosing(Object packet) {
        return packet instanceof RequestPacket r ? !r.stream() : !((ResponsePacket) packet).stream();
    }

    private void finish(Map<String, Inbound> map, Inbound in) {
        in.closing = true;
        map.remove(in.key, in);
    }

    /** A received stream ended early on this side (failed, overflowed, idle, closed by its reader). */
    private void aborted(Inbound in) {
        if (in.response && !in.closing) {
            signals.cancelResponseStream(in.sender, in.id);
        }
    }

    // ---- sent streams

    /** A stream being sent to {@code peer}; it is cancelled if the peer leaves or asks to, and takes its acks. */
    public void sending(String peer, String id, StreamSender sender) {
        String key = peer + '\n' + id;
        senders.put(key, new Outbound(peer, sender));
        sender.done().whenComplete((ok, e) -> senders.remove(key));
    }

    /** The reader of a stream we send to {@code peer} consumed {@code consumed} bytes. */
    public void ack(String peer, String id, long consumed, long window) {
        Outbound out = senders.get(peer + '\n' + id);
        if (out != null) {
            out.sender().ack(consumed, window);
        }
    }

    /** The reader of a response stream we send gave up. */
    public void cancelSending(String peer, String id) {
        Outbound out = senders.remove(peer + '\n' + id);
        if (out != null) {
            out.sender().cancel(new StreamCancelledException(id, "the reader on '" + peer + "' cancelled it"));
        }
    }

    // ---- failures

    /** Node {@code nodeId} left: every stream from or to it is cancelled. */
    public void nodeLeft(String nodeId) {
        failWhere(in -> in.sender.equals(nodeId), id -> new StreamCancelledException(id, "node '" + nodeId + "' left"));
        for (Outbound out : senders.values()) {
            if (out.peer().equals(nodeId)) {
                out.sender().cancel(new StreamCancelledException("", "node '" + nodeId + "' left"));
            }
        }
    }

    /** Every stream is cancelled (the broker stops or lost its connection). */
    public void failAll(String reason) {
        failWhere(in -> true, id -> new StreamCancelledException(id, reason));
        for (Outbound out : senders.values()) {
            out.sender().cancel(new StreamCancelledException("", reason));
        }
    }

    public void stop() {
        ScheduledFuture<?> s = sweeper;
        if (s != null) {
            s.cancel(false);
        }
    }

    private void failWhere(Predicate<Inbound> which, java.util.function.Function<String, MyceliumException> error) {
        for (Map<String, Inbound> map : List.of(requests, responses)) {
            for (Inbound in : map.values()) {
                if (which.test(in)) {
                    in.closing = true;
                    map.remove(in.key, in);
                    in.stream.fail(error.apply(in.id));
                }
            }
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Map<String, Inbound> map : List.of(requests, responses)) {
            for (Inbound in : map.values()) {
                long silent = now - in.lastPacketNanos;
                if (in.stream.finished() || !in.started) {
                    if (silent > idleNanos) {
                        // an aborted stream whose closing packet never came, or chunks without their start
                        in.closing = true;
                        map.remove(in.key, in);
                        in.stream.fail(new StreamIdleTimeoutException(
                                in.id, settings.idleTimeout().toMillis()));
                    }
                    continue;
                }
                in.stream.checkStalled(now);
                if (silent > idleNanos && in.stream.available() == 0) {
                    in.stream.fail(new StreamIdleTimeoutException(
                            in.id, settings.idleTimeout().toMillis()));
                }
            }
        }
    }

    /** How many streams are in flight (received and sent). */
    public int size() {
        return requests.size() + responses.size() + senders.size();
    }
}
