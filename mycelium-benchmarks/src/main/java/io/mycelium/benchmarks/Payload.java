package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One request body, the same for every system: raw transports send {@link #bytes()}, Mycelium sends
 * {@link #tree()} (which its JSON serializer writes as exactly those bytes inside the packet).
 */
record Payload(String name, byte[] bytes, JsonNode tree) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** About 100 bytes of ordinary JSON. */
    static Payload small() {
        return of(
                "100B",
                "{\"id\":1042,\"user\":\"ada.lovelace\",\"email\":\"ada@example.org\","
                        + "\"roles\":[\"admin\",\"dev\"],\"score\":98.5,\"active\":true}");
    }

    /** Exactly 16 KiB of JSON: a few fields and one long string. */
    static Payload large() {
        String head = "{\"id\":1042,\"kind\":\"blob\",\"data\":\"";
        String tail = "\"}";
        int fill = 16 * 1024 - head.length() - tail.length();
        StringBuilder sb = new StringBuilder(16 * 1024).append(head);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < fill; i++) {
            sb.append(alphabet.charAt((i * 7) % alphabet.length()));
        }
        return of("16KiB", sb.append(tail).toString());
    }

    static Payload of(String name, String json) {
        try {
            return new Payload(name, json.getBytes(StandardCharsets.UTF_8), JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int size() {
        return bytes.length;
    }
}
