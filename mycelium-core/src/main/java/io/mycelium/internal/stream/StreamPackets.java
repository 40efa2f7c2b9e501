package io.mycelium.internal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.protocol.ResponsePacket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The packets of a stream, as Moleculer 0.15 sends them: the first packet ({@code seq} 0,
 * {@code stream: true}) carries params or meta; chunks ({@code seq} 1, 2, ..., {@code stream: true}) carry
 * the bytes in {@code params} or {@code data}; the closing packet has {@code stream: false} and null
 * bytes, plus {@code headers.$streamError} (request) or {@code success: false} and {@code error}
 * (response) when the stream failed. Chunks of a request repeat its fields with an empty meta.
 */
public final class StreamPackets {
    /** Header of a request packet that ends a stream with an error. */
    public static final String STREAM_ERROR = "$streamError";
    /**
     * Header of a Mycelium-only REQUEST telling the sender of a response stream that its reader gave up
     * (Moleculer has no such packet; it is sent to Mycelium nodes only).
     */
    public static final String STREAM_CANCEL = "$streamCancel";
    /** The action named in a {@link #STREAM_CANCEL} packet. */
    public static final String CANCEL_ACTION = "$stream.cancel";
    /**
     * Header of a Mycelium-only REQUEST by which the reader of a stream tells its Mycelium sender how many
     * bytes it has consumed ({@code $streamAck}) and how far ahead the sender may run
     * ({@code $streamWindow}): flow control where the transport cannot push back (message brokers).
     */
    public static final String STREAM_ACK = "$streamAck";

    public static final String STREAM_WINDOW = "$streamWindow";
    /** The action named in a {@link #STREAM_ACK} packet. */
    public static final String ACK_ACTION = "$stream.ack";

    private StreamPackets() {}

    /** True when a REQUEST belongs to a stream (its first packet, a chunk or the closing packet). */
    public static boolean isStream(RequestPacket p) {
        return p.stream() || p.seq().orElse(0) > 0;
    }

    /** True when a RESPONSE belongs to a stream. */
    public static boolean isStream(ResponsePacket p) {
        return p.stream() || p.seq().orElse(0) > 0;
    }

    /** True for the Mycelium cancel signal of a response stream. */
    public static boolean isCancel(RequestPacket p) {
        return p.headers().path(STREAM_CANCEL).asBoolean(false);
    }

    /** True for the Mycelium flow-control acknowledgement of a stream. */
    public static boolean isAck(RequestPacket p) {
        return p.headers().has(STREAM_ACK);
    }

    /** The bytes of a chunk; object-mode chunks (not bytes) are passed on as their JSON text. */
    static byte[] bytes(JsonNode chunk) {
        if (chunk.isBinary()) {
            return ((BinaryNode) chunk).binaryValue();
        }
        if (chunk.isNull() || chunk.isMissingNode()) {
            return new byte[0];
        }
        return (chunk.isTextual() ? chunk.textValue() : chunk.toString()).getBytes(StandardCharsets.UTF_8);
    }

    static long size(JsonNode chunk) {
        return chunk.isBinary() ? ((BinaryNode) chunk).binaryValue().length : 64;
    }

    public static RequestPacket requestChunk(RequestPacket first, int seq, byte[] bytes) {
        return request(first, seq, true, BinaryNode.valueOf(bytes), first.headers());
    }

    public static RequestPacket requestEnd(RequestPacket first, int seq) {
        return request(first, seq, false, NullNode.getInstance(), first.headers());
    }

    public static RequestPacket requestError(RequestPacket first, int seq, ObjectNode error) {
        ObjectNode headers = first.headers().deepCopy();
        headers.set(STREAM_ERROR, error);
        return request(first, seq, false, NullNode.getInstance(), headers);
    }

    public static RequestPacket cancel(String sender, String id) {
        return signal(
                sender, id, CANCEL_ACTION, JsonNodeFactory.instance.objectNode().put(STREAM_CANCEL, true));
    }

    public static RequestPacket ack(String sender, String id, long consumed, long window) {
        return signal(
                sender,
                id,
                ACK_ACTION,
                JsonNodeFactory.instance.objectNode().put(STREAM_ACK, consumed).put(STREAM_WINDOW, window));
    }

    private static RequestPacket signal(String sender, String id, String action, ObjectNode headers) {
        return new RequestPacket(
                sender,
                id,
                action,
                NullNode.getInstance(),
                JsonNodeFactory.instance.objectNode(),
                headers,
                0,
                1,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                OptionalInt.empty());
    }

    private static RequestPacket request(
            RequestPacket first, int seq, boolean stream, JsonNode params, ObjectNode headers) {
        return new RequestPacket(
                first.sender(),
                first.id(),
                first.action(),
                params,
                JsonNodeFactory.instance.objectNode(),
                headers,
                first.timeout(),
                first.level(),
                first.tracing(),
                first.parentId(),
                first.requestId(),
                first.caller(),
                stream,
                OptionalInt.of(seq));
    }

    public static ResponsePacket responseStart(String sender, String id, ObjectNode meta) {
        return new ResponsePacket(
                sender,
                id,
                true,
                NullNode.getInstance(),
                Optional.empty(),
                meta,
                JsonNodeFactory.instance.objectNode(),
                true,
                OptionalInt.of(0));
    }

    public static ResponsePacket responseChunk(ResponsePacket start, int seq, byte[] bytes) {
        return response(start, seq, true, true, BinaryNode.valueOf(bytes), Optional.empty());
    }

    public static ResponsePacket responseEnd(ResponsePacket start, int seq) {
        return response(start, seq, false, true, NullNode.getInstance(), Optional.empty());
    }

    public static ResponsePacket responseError(ResponsePacket start, int seq, ObjectNode error) {
        return response(start, seq, false, false, NullNode.getInstance(), Optional.of(error));
    }

    private static ResponsePacket response(
            ResponsePacket start, int seq, boolean stream, boolean success, JsonNode data, Optional<ObjectNode> error) {
        return new ResponsePacket(
                start.sender(),
                start.id(),
                success,
                data,
                error,
                start.meta(),
                start.headers(),
                stream,
                OptionalInt.of(seq));
    }
}
