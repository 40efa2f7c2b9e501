package io.mycelium.internal.serializer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds text that is not well-formed UTF-16 in a decoded tree: a surrogate without its pair. The CBOR
 * parser turns some invalid UTF-8 (a lead byte above 0xF4, an encoded surrogate) into such text without
 * complaint, and the CBOR generator then refuses to write it, so a packet carrying it could be read but
 * never answered or forwarded. Found by fuzzing (docs/fuzzing.md).
 */
final class WellFormedText {

    private WellFormedText() {}

    /** Where the first ill-formed text is, or {@code null} when every name and string is well-formed. */
    static @Nullable String check(JsonNode node) {
        if (node.isTextual()) {
            return wellFormed(node.textValue()) ? null : "a string with an unpaired surrogate";
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!wellFormed(field.getKey())) {
                    return "a field name with an unpaired surrogate";
                }
                String problem = check(field.getValue());
                if (problem != null) {
                    return problem;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                String problem = check(element);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c)
                        || i + 1 == s.length()
                        || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }
}
