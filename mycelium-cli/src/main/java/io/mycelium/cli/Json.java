package io.mycelium.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** JSON in and out of the command line: {@code --params JSON|@file|@-} and printed results. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Json() {}

    /**
     * Parses an option's value: inline JSON, {@code @path} for a file, {@code @-} for standard input.
     *
     * @throws UsageException naming the option when the text is not JSON or the file cannot be read
     */
    static JsonNode argument(String option, String value, InputStream stdin) {
        String text = value;
        String source = "";
        if (value.startsWith("@")) {
            String file = value.substring(1);
            source = file.equals("-") ? " (from standard input)" : " (from " + file + ")";
            try {
                text = file.equals("-")
                        ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(file));
            } catch (NoSuchFileException e) {
                throw new UsageException(option + ": no such file: " + file);
            } catch (IOException e) {
                throw new UsageException(option + ": cannot read " + file + ": " + e.getMessage());
            }
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new UsageException(option + " is empty" + source + "; give JSON such as '{\"a\": 1}'");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UsageException(option + " is not valid JSON" + source + ": " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()
                    + ")");
        }
    }

    /** One line of compact JSON. */
    static String compact(@Nullable Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Indented JSON for people. */
    static String pretty(@Nullable Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(@Nullable Object value) {
        return MAPPER.valueToTree(value);
    }
}
