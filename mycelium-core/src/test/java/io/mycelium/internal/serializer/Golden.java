package io.mycelium.internal.serializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mycelium.protocol.PacketType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * One packet captured from real Moleculer 0.15.2 by {@code src/test/node/capture-goldens.js}: the bytes
 * as sent ({@code .bin}) and what Moleculer itself decodes from them ({@code .json}).
 */
@SuppressWarnings("ArrayRecordComponent") // test data, never mutated or compared as a whole
record Golden(String serializer, String name, PacketType type, byte[] bytes, JsonNode nodeView) {

    static final List<String> SERIALIZERS = List.of("json", "msgpack", "cbor");

    static final List<String> NAMES = List.of(
            "discover",
            "info",
            "info-stopping",
            "heartbeat",
            "request",
            "response",
            "request-invalid",
            "response-validation-error",
            "event",
            "event-broadcast",
            "ping",
            "pong",
            "request-stream-start",
            "request-stream-chunk",
            "request-stream-end",
            "response-stream-chunk",
            "response-stream-end",
            "disconnect",
            "gossip-hello",
            "gossip-request",
            "gossip-response");

    private static final ObjectMapper JSON = new ObjectMapper();

    static Golden load(String serializer, String name) {
        String base = "/golden/" + serializer + "/" + name;
        JsonNode described = JSON.valueToTree(readTree(base + ".json"));
        PacketType type = PacketType.ofCommand(described.path("type").asText())
                .orElseThrow(() -> new IllegalStateException("unknown type in " + base));
        return new Golden(serializer, name, type, read(base + ".bin"), described.path("payload"));
    }

    static List<Golden> all() {
        return SERIALIZERS.stream()
                .flatMap(s -> NAMES.stream().map(n -> load(s, n)))
                .toList();
    }

    /** The Node view re-encoded as JSON text, for decoding with the JSON serializer. */
    byte[] nodeViewAsJson() {
        try {
            return JSON.writeValueAsBytes(nodeView);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return serializer + "/" + name;
    }

    private static JsonNode readTree(String resource) {
        try {
            return JSON.readTree(read(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = Objects.requireNonNull(
                Golden.class.getResourceAsStream(resource), () -> "missing test resource " + resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
