package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The OpenAPI 3 document of {@code /api/openapi.json}: one operation per allowed action (POST with a JSON
 * body, GET with query parameters) at {@code /api/<service>/<action>}, one per alias, each with the
 * action's params schema (fastest-validator, as INFO carries it) turned into JSON Schema, and the error body
 * {@code {name, message, code, type, data}}. Built on request from the mesh as this node sees it.
 */
final class OpenApi {
    private static final Duration MESH_DEADLINE = Duration.ofSeconds(5);

    private OpenApi() {}

    static ObjectNode document(HttpApi api) {
        JsonNode services;
        try {
            services = api.broker
                    .call(
                            "$node.services",
                            Json.object()
                                    .put("withActions", true)
                                    .put("skipInternal", true)
                                    .put("onlyAvailable", true))
                    .get(MESH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the mesh's services: " + e.getMessage(), e);
        }
        Map<String, JsonNode> actions = new TreeMap<>();
        for (JsonNode s : services) {
            s.path("actions").fields().forEachRemaining(e -> {
                String name = e.getValue().path("name").asText(e.getKey());
                if (api.allows(name)) {
                    actions.putIfAbsent(name, e.getValue().path("params"));
                }
            });
        }
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.3");
        doc.putObject("info")
                .put("title", "Mycelium gateway " + api.broker.nodeId())
                .put("version", "1.0.0")
                .put("description", "Actions this gateway lets HTTP callers reach (moleculer-web conventions).");
        doc.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = doc.putObject("paths");
        for (var e : actions.entrySet()) {
            String path = "/" + HttpApi.API + "/" + e.getKey().replace('.', '/');
            ObjectNode item = paths.putObject(path);
            item.set(
                    "post",
                    bodyOperation(e.getKey(), "post", e.getValue(), List.of()).put("operationId", id("post", path)));
            item.set(
                    "get",
                    queryOperation(e.getKey(), "get", e.getValue(), List.of()).put("operationId", id("get", path)));
        }
        for (Routes.Route r : api.routes.all()) {
            JsonNode params = actions.get(r.action());
            if (params == null) {
                continue; // not allowed, or nobody serves it now
            }
            StringBuilder path = new StringBuilder("/" + HttpApi.API);
            List<String> pathParams = new java.util.ArrayList<>();
            for (String seg : r.segments()) {
                if (seg.startsWith(":")) {
                    pathParams.add(seg.substring(1));
                    path.append("/{").append(seg.substring(1)).append('}');
                } else {
                    path.append('/').append(seg);
                }
            }
            ObjectNode item = paths.has(path.toString())
                    ? (ObjectNode) paths.get(path.toString())
                    : paths.putObject(path.toString());
            List<String> methods = r.method() == null
                    ? List.of("get", "post")
                    : List.of(r.method().toLowerCase(Locale.ROOT));
            for (String m : methods) {
                if (item.has(m)) {
                    continue;
                }
                boolean withBody = m.equals("post") || m.equals("put") || m.equals("patch");
                item.set(
                        m,
                        withBody
                                ? bodyOperation(r.action(), m, params, pathParams)
                                        .put("operationId", id(m, path.toString()))
                                : queryOperation(r.action(), m, params, pathParams)
                                        .put("operationId", id(m, path.toString())));
            }
        }
        ObjectNode components = doc.putObject("components");
        ObjectNode error = components.putObject("schemas").putObject("Error").put("type", "object");
        ObjectNode props = error.putObject("properties");
        props.putObject("name").put("type", "string");
        props.putObject("message").put("type", "string");
        props.putObject("code").put("type", "integer");
        props.putObject("type").put("type", "string");
        props.putObject("data");
        error.putArray("required").add("name").add("message").add("code");
        if (api.options.credentials().required()) {
            components
                    .putObject("securitySchemes")
                    .putObject("bearer")
                    .put("type", "http")
                    .put("scheme", "bearer");
            doc.putArray("security").addObject().putArray("bearer");
        }
        return doc;
    }

    /** A unique operation id: the method and the path ({@code get /api/users/{id}} → {@code get_api_users_id}). */
    private static String id(String method, String path) {
        return method + path.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("_+$", "");
    }

    private static ObjectNode operation(String action, String method, List<String> pathParams) {
        ObjectNode op = Json.object();
        op.put("summary", "Calls " + action);
        op.putArray("tags").add(action.contains(".") ? action.substring(0, action.lastIndexOf('.')) : action);
        ArrayNode parameters = op.putArray("parameters");
        for (String p : pathParams) {
            parameters
                    .addObject()
                    .put("name", p)
                    .put("in", "path")
                    .put("required", true)
                    .putObject("schema")
                    .put("type", "string");
        }
        ObjectNode responses = op.putObject("responses");
        responses
                .putObject("200")
                .put("description", "The action's result")
                .putObject("content")
                .putObject("application/json")
                .putObject("schema");
        responses
                .putObject("default")
                .put("description", "A Moleculer error; its code is the HTTP status")
                .putObject("content")
                .putObject("application/json")
                .putObject("schema")
                .put("$ref", "#/components/schemas/Error");
        return op;
    }

    private static ObjectNode bodyOperation(String action, String method, JsonNode params, List<String> pathParams) {
        ObjectNode op = operation(action, method, pathParams);
        ObjectNode schema = Schemas.object(params, pathParams);
        op.putObject("requestBody")
                .put("required", false)
                .putObject("content")
                .putObject("application/json")
                .set("schema", schema);
        return op;
    }

    private static ObjectNode queryOperation(String action, String method, JsonNode params, List<String> pathParams) {
        ObjectNode op = operation(action, method, pathParams);
        ArrayNode parameters = (ArrayNode) op.get("parameters");
        if (params.isObject()) {
            params.fields().forEachRemaining(e -> {
                if (e.getKey().startsWith("$$") || pathParams.contains(e.getKey())) {
                    return;
                }
                ObjectNode s = Schemas.of(e.getValue());
                String type = s.path("type").asText("");
                if (type.equals("object") || type.equals("array") || s.isEmpty()) {
                    return; // a query string carries scalars
                }
                parameters
                        .addObject()
                        .put("name", e.getKey())
                        .put("in", "query")
                        .put("required", !Schemas.optional(e.getValue()))
                        .set("schema", s);
            });
        }
        return op;
    }
}
