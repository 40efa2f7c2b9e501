package io.mycelium.internal.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plain-ASCII shortcut writes every string exactly as Jackson's own encoder does. */
class PlainTextTest {

    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void everyLongStringComesOutAsJacksonWritesIt() throws IOException {
        // mostly plain, with now and then a byte that must be escaped, a DEL, a non-ASCII char or an emoji
        String plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:/!?{}[]'~";
        String[] rare = {"\"", "\\", "\n", "\u0000", "\u001f", "\u007f", "é", "€", "😀", "\u2028"};
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            int length = PlainText.MIN_LENGTH + random.nextInt(300);
            StringBuilder sb = new StringBuilder(length);
            while (sb.length() < length) {
                sb.append(
                        random.nextInt(200) == 0
                                ? rare[random.nextInt(rare.length)]
                                : String.valueOf(plain.charAt(random.nextInt(plain.length()))));
            }
            String text = sb.toString();
            assertThat(viaTreeWriter(text)).as(text).isEqualTo(viaJackson(text));
        }
    }

    @Test
    void findsEachByteThatNeedsEscapingInEveryLanePosition() {
        for (char special : new char[] {'"', '\\', '\n', '\u0000', '\u001f'}) {
            for (int at = 0; at < 80; at++) {
                char[] chars = "x".repeat(80).toCharArray();
                chars[at] = special;
                assertThat(PlainText.asciiBytes(new String(chars)))
                        .as("%s at %d", (int) special, at)
                        .isNull();
            }
        }
        assertThat(PlainText.asciiBytes("x".repeat(80) + "\u007f ~ !#"))
                .isEqualTo(("x".repeat(80) + "\u007f ~ !#").getBytes(StandardCharsets.US_ASCII));
    }

    private static String viaTreeWriter(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            TreeWriter.writeText(text, gen, WireFormat.JSON);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String viaJackson(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            gen.writeString(text);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
