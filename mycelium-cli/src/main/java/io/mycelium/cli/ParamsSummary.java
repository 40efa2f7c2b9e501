package io.mycelium.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An action's params schema (Moleculer's validator notation, as announced in INFO) in one line for the
 * {@code actions} table: {@code item:string quantity:number[1..10] shipping?:string="standard"}; a
 * {@code ?} marks an optional field. Rules written in Moleculer's string shorthand show as written.
 */
final class ParamsSummary {
    private ParamsSummary() {}

    static String of(JsonNode params) {
        if (!params.isObject() || params.isEmpty()) {
            return "-";
        }
        List<String> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().startsWith("$$")) {
                continue;
            }
            fields.add(field(f.getKey(), f.getValue()));
        }
        return String.join(" ", fields);
    }

    private static String field(String name, JsonNode rule) {
        if (rule.isTextual()) {
            return name + ":" + rule.asText();
        }
        StringBuilder out = new StringBuilder(name);
        if (rule.path("optional").asBoolean(false)) {
            out.append('?');
        }
        out.append(':').append(rule.path("type").asText("any"));
        boolean hasMin = rule.has("min");
        boolean hasMax = rule.has("max");
        if (hasMin || hasMax) {
            out.append('[')
                    .append(hasMin ? rule.get("min").asText() : "")
                    .append("..")
                    .append(hasMax ? rule.get("max").asText() : "")
                    .append(']');
        }
        if (rule.has("default")) {
            out.append('=').append(rule.get("default").toString());
        }
        return out.toString();
    }
}
