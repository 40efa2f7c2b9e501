package io.mycelium.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Small helpers shared by the subcommands. */
final class Commands {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private Commands() {}

    /** The injected root command; picocli always sets it before {@code call()}. */
    static MyceliumCommand root(@Nullable MyceliumCommand root) {
        if (root == null) {
            throw new IllegalStateException("subcommand run without its root command");
        }
        return root;
    }

    /** A JSON object option as a map, or a usage error naming the option. */
    static Map<String, Object> object(String option, JsonNode node) {
        if (!node.isObject()) {
            throw new UsageException(option + " must be a JSON object, got "
                    + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return Json.MAPPER.convertValue(node, MAP);
    }
}
