package io.mycelium.internal.transit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.StreamCancelledException;
import io.mycelium.StreamSettings;
import io.mycelium.internal.registry.NodeEntry;
import io.mycelium.internal.registry.Registry;
import io.mycelium.internal.stream.StreamPackets;
import io.mycelium.internal.stream.StreamSender;
import io.mycelium.internal.stream.Streams;
import io.mycelium.internal.util.ErrorCodec;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.protocol.ResponsePacket;
import io.mycelium.spi.Destination;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of streamed calls: starts a {@link StreamSender} for a streamed request or reply, ties
 * it to the call's life, and sends the Mycelium-only stream signals (cancel, ack) to Mycelium peers.
 * Thread-safe; never blocks the caller.
 */
final class StreamCalls {
    private static final Logger LOG = LoggerFactory.getLogger(StreamCalls.class);
    /** Chunks of one stream handed to the transporter and not yet written. */
    private static final int STREAM_WINDOW = 4;

    private final String nodeId;
    private final Registry registry;
    private final PendingRequests pending;
    private final Streams streams;
    private final BiFunction<Packet, Destination, CompletableFuture<Void>> sender;

    StreamCalls(
            String nodeId,
            Registry registry,
            PendingRequests pending,
            StreamSettings settings,
            BiFunction<Packet, Destination, CompletableFuture<Void>> sender) {
        this.nodeId = nodeId;
        this.registry = registry;
        this.pending = pending;
        this.sender = sender;
        this.streams = new Streams(settings, new Streams.Signals() {
            @Override
            public void cancelResponseStream(String node, String id) {
                if (isMycelium(node)) {
                    send(StreamPackets.cancel(nodeId, id), Destination.node(node));
                }
            }

            @Override
            public boolean understandsSignals(String node) {
                return isMycelium(node);
            }

            @Override
            public void ack(String node, String id, long consumed, long window) {
                send(StreamPackets.ack(nodeId, id, consumed, window), Destination.node(node));
            }
        });
    }

    Streams streams() {
        return streams;
    }

    private CompletableFuture<Void> send(Packet packet, Destination destination) {
        return sender.apply(packet, destination);
    }

    /**
     * Sends a REQUEST whose params are followed by a byte stream (see {@link StreamPackets}). The call's
     * timeout starts once the stream is fully sent: the packet's own {@code timeout} is 0, because a
     * receiver would otherwise give up in the middle of a long transfer. The stream stops (the callee's
     * reader gets the error) as soon as the call ends for any reason.
     */
    CompletableFuture<ResponsePacket> request(
            RequestPacket first, String target, Destination destination, InputStream source, long timeoutMillis) {
        CompletableFuture<ResponsePacket> response = pending.add(first.id(), target, first.action(), 0);
        StreamSettings settings = streams.settings();
        StreamSender sender = new StreamSender(
                first.id(),
                source,
                settings.maxChunkSize(),
                STREAM_WINDOW,
                settings.idleTimeout().toNanos(),
                creditWindow(target),
                new StreamSender.ChunkSink() {
                    @Override
                    public CompletableFuture<Void> chunk(int seq, byte[] bytes) {
                        return send(StreamPackets.requestChunk(first, seq, bytes), destination);
                    }

                    @Override
                    public CompletableFuture<Void> end(int seq) {
                        return send(StreamPackets.requestEnd(first, seq), destination);
                    }

                    @Override
                    public CompletableFuture<Void> error(int seq, Throwable error) {
                        return send(
                                StreamPackets.requestError(first, seq, ErrorCodec.toWire(error, nodeId)), destination);
                    }
                });
        if (!target.isEmpty()) {
            streams.sending(target, first.id(), sender);
        }
        send(first, destination).whenComplete((ok, error) -> {
            if (error != null) {
                closeQuietly(source);
                pending.fail(first.id(), error);
                return;
            }
            sender.start().whenComplete((sent, failed) -> {
                if (failed == null) {
                    pending.armTimeout(first.id(), timeoutMillis);
                } else if (!response.isDone()) {
                    pending.fail(first.id(), failed);
                }
            });
        });
        response.whenComplete((r, e) -> sender.cancel(new StreamCancelledException(
                first.id(),
                e == null ? "the call ended before its stream" : "the call failed: " + ErrorCodec.unwrap(e))));
        return response;
    }

    /**
     * Answers {@code request} with a byte stream: a first RESPONSE carrying {@code meta}, then the chunks
     * of {@code source} and the closing packet. Stops when the caller leaves or cancels.
     */
    void respond(RequestPacket request, ObjectNode meta, InputStream source) {
        ResponsePacket start = StreamPackets.responseStart(nodeId, request.id(), meta);
        Destination to = Destination.node(request.sender());
        StreamSettings settings = streams.settings();
        StreamSender sender = new StreamSender(
                request.id(),
                source,
                settings.maxChunkSize(),
                STREAM_WINDOW,
                settings.idleTimeout().toNanos(),
                creditWindow(request.sender()),
                new StreamSender.ChunkSink() {
                    @Override
                    public CompletableFuture<Void> chunk(int seq, byte[] bytes) {
                        return send(StreamPackets.responseChunk(start, seq, bytes), to);
                    }

                    @Override
                    public CompletableFuture<Void> end(int seq) {
                        return send(StreamPackets.responseEnd(start, seq), to);
                    }

                    @Override
                    public CompletableFuture<Void> error(int seq, Throwable error) {
                        return send(StreamPackets.responseError(start, seq, ErrorCodec.toWire(error, nodeId)), to);
                    }
                });
        streams.sending(request.sender(), request.id(), sender);
        send(start, to).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn(
                        "Could not start the response stream of {} to {}: {}",
                        request.id(),
                        request.sender(),
                        error.toString());
                sender.cancel(new StreamCancelledException(request.id(), "its first packet could not be sent"));
                closeQuietly(source);
            } else {
                sender.start();
            }
        });
    }

    /** Mycelium nodes announce client type "java"; only they understand the stream cancel and ack signals. */
    private boolean isMycelium(String node) {
        return !node.isEmpty()
                && registry.node(node)
                        .flatMap(NodeEntry::info)
                        .map(i -> "java".equals(i.client().path("type").asText()))
                        .orElse(false);
    }

    private long creditWindow(String peer) {
        return isMycelium(peer) ? streams.settings().bufferSize() / 2 : 0;
    }

    private static void closeQuietly(InputStream source) {
        try {
            source.close();
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("Closing a stream source failed: {}", e.toString());
        }
    }
}
