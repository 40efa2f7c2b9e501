package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A string just under the 1 MiB packet limit that every transporter has by default on both sides (Moleculer's
 * TCP {@code maxPacketSize}, the NATS server's {@code max_payload}, Mycelium's {@code maxPayload}) crosses
 * both ways. Run by the CBOR cell of each transporter: CBOR is where long text once broke (cbor-x refused the
 * chunked strings Jackson wrote past ~4,000 chars, so the echo to a Node caller timed out; see
 * {@code DefiniteLengthCborFactory}), and one cell per transporter covers each one's large packets at ~3 s a
 * cell on a loaded machine, where all 18 cells would add about a minute.
 */
interface LargePayloadCell {

    /** Characters of the string, ASCII so that its bytes are as many. */
    int LARGE_CHARS = 1000 * 1024;

    Mesh mesh();

    @Test
    default void aStringNearThePacketLimitCrossesBothWays() {
        String large = largeText();

        JsonNode reply = mesh().node.command("call", Map.of("action", "java-math.echo", "params", Map.of("s", large)));
        assertThat(reply.path("data").path("params").path("s").asText()).isEqualTo(large);

        JsonNode result = mesh().java.call("node-math.echo", Map.of("s", large)).join();
        assertThat(result.path("params").path("s").asText()).isEqualTo(large);
    }

    private static String largeText() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(LARGE_CHARS);
        for (int i = 0; i < LARGE_CHARS; i++) {
            b.append(alphabet.charAt(i % alphabet.length()));
        }
        return b.toString();
    }
}
