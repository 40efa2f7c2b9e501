package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientTokensTest {

    @Test
    void readsOneIdAndTokenPerLineSkippingBlanksAndComments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "# operators\nalice: a-key\n\n  bob:b:key:with:colons  \n");
        assertThat(ClientTokens.load(file)).containsExactly(entry("alice", "a-key"), entry("bob", "b:key:with:colons"));
    }

    @Test
    void aLineWithoutIdOrTokenOrARepeatedIdIsAUsageError() {
        assertThatThrownBy(() -> ClientTokens.parse(List.of("alice")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> ClientTokens.parse(List.of("# x", ":k")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> ClientTokens.parse(List.of("a:1", "a:2")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("named twice");
        assertThatThrownBy(() -> ClientTokens.load(Path.of("/nonexistent/tokens")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("cannot read");
    }
}
