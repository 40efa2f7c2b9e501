package io.mycelium.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compares JSON trees the way the wire does: numbers by value (an int may come back as a long or a double,
 * depending on the serializer), objects by their fields. Returns the differences, empty when equal.
 */
final class JsonCompare {
    private JsonCompare() {}

    /** Differences between what was sent and what came back; every field must match exactly by value. */
    static List<String> differences(JsonNode sent, JsonNode back) {
        List<String> out = new ArrayList<>();
        compare("$", sent, back, false, out);
        return out;
    }

    /** Like {@link #differences}, but {@code back} may have more fields than {@code sent}. */
    static List<String> missingOrDifferent(JsonNode sent, JsonNode back) {
        List<String> out = new ArrayList<>();
        compare("$", sent, back, true, out);
        return out;
    }

    private static void compare(String at, JsonNode sent, JsonNode back, boolean extraAllowed, List<String> out) {
        if (sent.isNumber() && back.isNumber()) {
            if (sent.decimalValue().compareTo(back.decimalValue()) != 0) {
                out.add(at + ": sent " + sent + ", got " + back);
            }
        } else if (sent.isObject() && back.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = back.get(e.getKey());
                if (other == null) {
                    out.add(at + "." + e.getKey() + ": sent " + e.getValue() + ", got nothing");
                } else {
                    compare(at + "." + e.getKey(), e.getValue(), other, extraAllowed, out);
                }
            }
            if (!extraAllowed) {
                back.fieldNames().forEachRemaining(name -> {
                    if (!sent.has(name)) {
                        out.add(at + "." + name + ": not sent, got " + back.get(name));
                    }
                });
            }
        } else if (sent.isArray() && back.isArray() && sent.size() == back.size()) {
            for (int i = 0; i < sent.size(); i++) {
                compare(at + "[" + i + "]", sent.get(i), back.get(i), extraAllowed, out);
            }
        } else if (!sent.equals(back)) {
            out.add(at + ": sent " + sent + ", got " + back);
        }
    }
}
