package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {

    static final InputStream NO_INPUT = InputStream.nullInputStream();

    @Test
    void parsesInlineJson() {
        assertThat(Json.argument("--params", "{\"a\": 1}", NO_INPUT).path("a").asInt())
                .isEqualTo(1);
        assertThat(Json.argument("--params", "\"text\"", NO_INPUT).asText()).isEqualTo("text");
    }

    @Test
    void readsAFileOrStandardInput(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.json"), "{\"b\": 2}");
        assertThat(Json.argument("--params", "@" + file, NO_INPUT).path("b").asInt())
                .isEqualTo(2);

        InputStream stdin = new ByteArrayInputStream("[1, 2]".getBytes(StandardCharsets.UTF_8));
        assertThat(Json.argument("--params", "@-", stdin).size()).isEqualTo(2);
    }

    @Test
    void malformedJsonNamesTheOptionAndThePlace() {
        assertThatThrownBy(() -> Json.argument("--params", "{\"a\": 1,", NO_INPUT))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--params is not valid JSON")
                .hasMessageContaining("line 1");
    }

    @Test
    void trailingGarbageAndEmptyTextAreRefused() {
        assertThatThrownBy(() -> Json.argument("--data", "{} x", NO_INPUT)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Json.argument("--data", "  ", NO_INPUT))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--data is empty");
    }
}
