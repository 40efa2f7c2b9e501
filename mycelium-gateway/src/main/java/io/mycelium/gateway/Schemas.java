package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * fastest-validator rules (the params schemas Moleculer and Mycelium put in INFO) as JSON Schema for the
 * OpenAPI document: shorthand ({@code "string|optional|min:3"}) and object rules, the common types; an
 * unknown type becomes an unconstrained schema rather than a wrong one.
 */
final class Schemas {
    private Schemas() {}

    /** The schema of an action's params object. */
    static ObjectNode object(JsonNode params, List<String> skip) {
        ObjectNode s = Json.object().put("type", "object");
        if (!params.isObject()) {
            return s;
        }
        ObjectNode props = s.putObject("properties");
        ArrayNode required = Json.array();
        params.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("$$") || skip.contains(e.getKey())) {
                return;
            }
            props.set(e.getKey(), of(e.getValue()));
            if (!optional(e.getValue())) {
                required.add(e.getKey());
            }
        });
        if (!required.isEmpty()) {
            s.set("required", required);
        }
        return s;
    }

    static boolean optional(JsonNode rule) {
        if (rule.isTextual()) {
            for (String part : rule.asText().split("\\|")) {
                if (part.trim().equals("optional")) {
                    return true;
                }
            }
            return false;
        }
        if (rule.isArray()) {
            for (JsonNode r : rule) {
                if (optional(r)) {
                    return true;
                }
            }
            return false;
        }
        return rule.path("optional").asBoolean(false) || rule.has("default");
    }

    /** One rule as a schema. */
    static ObjectNode of(JsonNode rule) {
        ObjectNode r;
        if (rule.isTextual()) {
            r = Json.object();
            String[] parts = rule.asText().split("\\|");
            r.put("type", parts[0].trim());
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split(":", 2);
                if (kv.length == 2) {
                    r.put(kv[0].trim(), kv[1].trim());
                }
            }
        } else if (rule.isObject()) {
            r = (ObjectNode) rule;
        } else if (rule.isArray()) {
            ObjectNode any = Json.object();
            ArrayNode one = any.putArray("oneOf");
            rule.forEach(x -> one.add(of(x)));
            return any;
        } else {
            return Json.object();
        }
        ObjectNode s = Json.object();
        String type = r.path("type").asText("any");
        switch (type) {
            case "string" -> {
                s.put("type", "string");
                copyInt(r, "min", s, "minLength");
                copyInt(r, "max", s, "maxLength");
                copyInt(r, "length", s, "minLength");
                copyInt(r, "length", s, "maxLength");
                if (r.path("pattern").isTextual()) {
                    s.put("pattern", r.get("pattern").asText());
                }
            }
            case "email" -> s.put("type", "string").put("format", "email");
            case "url" -> s.put("type", "string").put("format", "uri");
            case "uuid" -> s.put("type", "string").put("format", "uuid");
            case "date" -> s.put("type", "string").put("format", "date-time");
            case "number" -> {
                s.put(
                        "type",
                        r.path("integer").asBoolean(false)
                                        || "true".equals(r.path("integer").asText())
                                ? "integer"
                                : "number");
                copyNumber(r, "min", s, "minimum");
                copyNumber(r, "max", s, "maximum");
            }
            case "boolean" -> s.put("type", "boolean");
            case "enum" -> {
                s.put("type", "string");
                if (r.path("values").isArray()) {
                    s.set("enum", r.get("values"));
                }
            }
            case "array" -> {
                s.put("type", "array");
                s.set("items", r.has("items") ? of(r.get("items")) : Json.object());
                copyInt(r, "min", s, "minItems");
                copyInt(r, "max", s, "maxItems");
            }
            case "object" -> {
                JsonNode props = r.has("props") ? r.get("props") : r.get("properties");
                if (props != null && props.isObject()) {
                    return object(props, List.of());
                }
                s.put("type", "object");
            }
            case "multi" -> {
                ArrayNode one = s.putArray("oneOf");
                r.path("rules").forEach(x -> one.add(of(x)));
            }
            default -> {
                // any, equal, custom, forbidden...: no constraint the document could state truthfully
            }
        }
        if (r.path("description").isTextual()) {
            s.put("description", r.get("description").asText());
        }
        return s;
    }

    private static void copyInt(JsonNode from, String key, ObjectNode to, String as) {
        JsonNode v = from.get(key);
        if (v != null && (v.canConvertToInt() || v.isTextual())) {
            try {
                to.put(as, v.isTextual() ? Integer.parseInt(v.asText()) : v.asInt());
            } catch (NumberFormatException e) {
                // not a number: leave the bound out
            }
        }
    }

    private static void copyNumber(JsonNode from, String key, ObjectNode to, String as) {
        JsonNode v = from.get(key);
        if (v != null && v.isNumber()) {
            to.put(as, v.decimalValue());
        } else if (v != null && v.isTextual()) {
            try {
                to.put(as, new java.math.BigDecimal(v.asText()));
            } catch (NumberFormatException e) {
                // not a number: leave the bound out
            }
        }
    }
}
