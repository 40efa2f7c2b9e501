package io.mycelium.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file of {@code mycelium gateway --client-tokens}: one {@code ID:TOKEN} per line, blank lines and
 * {@code #} comments skipped. A file rather than arguments, which any user of the machine can read in the
 * process list.
 */
final class ClientTokens {
    private ClientTokens() {}

    static Map<String, String> load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("--client-tokens: cannot read " + file + ": " + e.getMessage());
        }
        return parse(lines);
    }

    static Map<String, String> parse(List<String> lines) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String id = colon < 0 ? "" : line.substring(0, colon).strip();
            String token = colon < 0 ? "" : line.substring(colon + 1).strip();
            if (id.isEmpty() || token.isEmpty()) {
                throw new UsageException("--client-tokens: line " + (i + 1) + ": expected ID:TOKEN");
            }
            if (tokens.putIfAbsent(id, token) != null) {
                throw new UsageException("--client-tokens: line " + (i + 1) + ": client '" + id + "' named twice");
            }
        }
        return tokens;
    }
}
