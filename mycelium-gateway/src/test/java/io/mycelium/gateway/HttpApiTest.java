package io.mycelium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.ActionDefinition;
import io.mycelium.Context;
import io.mycelium.MyceliumException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.validation.constraints.NotNull;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API over real HTTP (the JDK's HttpClient, keep-alive): REST routes and aliases, the allow-list,
 * each error status with moleculer-web's body, CORS, the token, the authorize hook, the rate limit, the body
 * size limit and the health checks. One mesh for the class: a service node and a gateway node on memory://.
 */
class HttpApiTest {
    private static final TestMesh MESH = new TestMesh();
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static Gateway open;
    private static Gateway guarded;
    private static Http http;
    private static Http auth;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        ServiceBroker svc = MESH.broker("svc");
        svc.register(Service.named("echo").action("params", HttpApiTest::echo));
        Service.Builder users = Service.named("users");
        for (String a : List.of("list", "get", "create", "update", "patch", "remove")) {
            users.action(a, HttpApiTest::echo);
        }
        svc.register(users);
        svc.register(Service.named("math")
                .action(ActionDefinition.of("add", ctx -> {
                            Add p = ctx.params(Add.class);
                            return p.a() + p.b();
                        })
                        .withParams(Add.class)));
        svc.register(Service.named("slow").action("wait", ctx -> {
            RELEASE.await(10, TimeUnit.SECONDS); // held past the gateway's timeout, let go once the 504 is seen
            return "late";
        }));
        svc.register(Service.named("fail")
                .action("down", ctx -> {
                    throw new MyceliumException(
                            "Store is down", 503, "STORE_DOWN", Json.object().put("store", "s1"));
                })
                .action("text", ctx -> "plain words")
                .action("nothing", ctx -> null));
        svc.register(Service.named("secret").action("x", ctx -> "hidden"));
        svc.register(Service.named("who").action("ami", ctx -> ctx.meta().getOrDefault("user", "nobody")));
        Path aliases = dir.resolve("aliases.json");
        Files.writeString(
                aliases,
                "{\"GET /hello/:name\": \"echo.params\", \"REST /users\": \"users\", \"/any\": \"echo.params\"}");
        ServiceBroker edge = MESH.broker("edge");
        open = MESH.gateway(
                edge,
                GatewayOptions.builder()
                        .allowActions("echo.*", "users.*", "math.*", "slow.*", "fail.*", "who.*")
                        .aliases(Routes.load(aliases))
                        .alias("POST /calc/add", "math.add")
                        .alias("GET /peek", "secret.x")
                        .cors("https://app.example")
                        .maxBodySize(1024)
                        .requestTimeout(Duration.ofSeconds(3))
                        .build());
        ServiceBroker edge2 = MESH.broker("edge2");
        guarded = Gateway.builder(edge2)
                .options(GatewayOptions.builder()
                        .allowActions("who.*", "echo.*")
                        .token("s3cret")
                        .rateLimit(3)
                        .build())
                .authorize(call -> {
                    String user = call.header("X-User").orElseThrow(() -> HttpError.forbidden("NO_USER"));
                    call.meta().put("user", user + "@" + call.action());
                })
                .build();
        for (ServiceBroker b : List.of(svc, edge, edge2)) {
            b.start();
        }
        open.start();
        guarded.start();
        edge.waitForServices(Duration.ofSeconds(10), "echo", "users", "math", "slow", "fail", "secret", "who")
                .join();
        edge2.waitForServices(Duration.ofSeconds(10), "who", "echo").join();
        // the first validated call bootstraps Bean Validation (seconds on a loaded machine): not the gateway's time
        edge.call("math.add", Map.of("a", 1, "b", 1)).get(30, TimeUnit.SECONDS);
        http = new Http(open);
        auth = new Http(guarded);
    }

    @AfterAll
    static void stop() {
        guarded.close();
        MESH.close();
    }

    /** The params of math.add, validated by core before the handler runs. */
    record Add(@NotNull Double a, @NotNull Double b) {}

    private static Object echo(Context ctx) {
        return Json.object().put("action", ctx.action().orElse("?")).set("params", ctx.params());
    }

    @Test
    void eachMethodCallsServiceActionWithTheQueryMergedWithTheBody() {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            HttpResponse<String> r = http.send(
                    method,
                    "/api/echo/params?x=1&y=q&y=r",
                    method.equals("GET") ? "" : "{\"x\": 2, \"z\": {\"deep\": true}}",
                    Map.of("Content-Type", "application/json"));
            assertThat(r.statusCode()).as(method).isEqualTo(200);
            JsonNode body = Http.json(r);
            assertThat(body.path("action").asText()).isEqualTo("echo.params");
            JsonNode p = body.path("params");
            assertThat(p.path("y")).hasSize(2);
            if (method.equals("GET")) {
                assertThat(p.path("x").asText()).isEqualTo("1");
            } else {
                assertThat(p.path("x").asInt()).isEqualTo(2); // the body wins over the query
                assertThat(p.path("z").path("deep").asBoolean()).isTrue();
            }
        }
        HttpResponse<String> sum = http.post("/api/math/add", "{\"a\": 2, \"b\": 3}");
        assertThat(sum.statusCode()).as(sum.body()).isEqualTo(200);
        assertThat(Http.json(sum).asDouble()).isEqualTo(5.0);
    }

    @Test
    void aliasesFromAFileAndTheJavaApiRouteToTheirActions() {
        JsonNode hello = Http.json(http.get("/api/hello/w%C3%B6rld?extra=1"));
        assertThat(hello.path("action").asText()).isEqualTo("echo.params");
        assertThat(hello.path("params").path("name").asText()).isEqualTo("wörld");
        assertThat(hello.path("params").path("extra").asText()).isEqualTo("1");
        record Rest(String method, String path, String action) {}
        for (Rest r : List.of(
                new Rest("GET", "/api/users", "users.list"),
                new Rest("GET", "/api/users/7", "users.get"),
                new Rest("POST", "/api/users", "users.create"),
                new Rest("PUT", "/api/users/7", "users.update"),
                new Rest("PATCH", "/api/users/7", "users.patch"),
                new Rest("DELETE", "/api/users/7", "users.remove"))) {
            HttpResponse<String> res = http.send(r.method(), r.path(), "", Map.of());
            assertThat(res.statusCode()).as(r.toString()).isEqualTo(200);
            JsonNode body = Http.json(res);
            assertThat(body.path("action").asText()).as(r.toString()).isEqualTo(r.action());
            if (r.path().endsWith("/7")) {
                assertThat(body.path("params").path("id").asText()).isEqualTo("7");
            }
        }
        assertThat(Http.json(http.send("DELETE", "/api/any", "", Map.of()))
                        .path("action")
                        .asText())
                .isEqualTo("echo.params");
        HttpResponse<String> calc = http.post("/api/calc/add", "{\"a\": 1, \"b\": 1}");
        assertThat(calc.statusCode()).as(calc.body()).isEqualTo(200);
        assertThat(Http.json(calc).asDouble()).isEqualTo(2.0);
    }

    @Test
    void anActionNotAllowedIsAnswered404LikeOneThatDoesNotExist() {
        for (String path : List.of("/api/secret/x", "/api/peek", "/api/nobody/here", "/api/$node/list")) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            JsonNode body = Http.json(r);
            assertThat(body.path("name").asText()).as(path).isEqualTo("ServiceNotFoundError");
            assertThat(body.path("code").asInt()).isEqualTo(404);
            assertThat(body.path("type").asText()).isEqualTo("SERVICE_NOT_FOUND");
        }
        HttpResponse<String> r = http.get("/nothing/here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Http.json(r).path("name").asText()).isEqualTo("NotFoundError");
    }

    @Test
    void errorsCarryTheMoleculerCodeAsStatusAndItsBody() {
        HttpResponse<String> invalid = http.post("/api/math/add", "{}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        JsonNode v = Http.json(invalid);
        assertThat(v.path("name").asText()).isEqualTo("ValidationError");
        assertThat(v.path("type").asText()).isEqualTo("VALIDATION_ERROR");
        List<String> fields = new ArrayList<>();
        v.path("data").forEach(f -> fields.add(f.path("field").asText()));
        assertThat(fields).contains("a", "b");

        HttpResponse<String> timeout = http.get("/api/slow/wait");
        assertThat(timeout.statusCode()).isEqualTo(504);
        RELEASE.countDown();
        assertThat(Http.json(timeout).path("name").asText()).isEqualTo("RequestTimeoutError");

        HttpResponse<String> down = http.get("/api/fail/down");
        assertThat(down.statusCode()).isEqualTo(503);
        JsonNode d = Http.json(down);
        assertThat(d.path("message").asText()).isEqualTo("Store is down");
        assertThat(d.path("type").asText()).isEqualTo("STORE_DOWN");
        assertThat(d.path("data").path("store").asText()).isEqualTo("s1");
        assertThat(d.has("name")).isTrue();

        HttpResponse<String> malformed = http.post("/api/echo/params", "{oops");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(Http.json(malformed).path("type").asText()).isEqualTo("INVALID_REQUEST_BODY");

        HttpResponse<String> text = http.get("/api/fail/text");
        assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(text.body()).isEqualTo("plain words");
        assertThat(http.get("/api/fail/nothing").body()).isEmpty();
    }

    @Test
    void aBodyLargerThanTheLimitIsRefusedWith413() {
        HttpResponse<String> r = http.post("/api/echo/params", "{\"x\": \"" + "y".repeat(2000) + "\"}");
        assertThat(r.statusCode()).isEqualTo(413);
        JsonNode body = Http.json(r);
        assertThat(body.path("name").asText()).isEqualTo("PayloadTooLarge");
        assertThat(body.path("data").path("limit").asInt()).isEqualTo(1024);
        assertThat(http.post("/api/echo/params", "{\"x\": 1}").statusCode()).isEqualTo(200); // a new connection works
    }

    @Test
    void aClientThatExpects100ContinueGetsItAndSendsItsBody() throws Exception {
        HttpResponse<String> r = http.client.send(
                java.net.http.HttpRequest.newBuilder(http.uri("/api/echo/params"))
                        .expectContinue(true)
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"x\": 42}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r).path("params").path("x").asInt()).isEqualTo(42);
    }

    @Test
    void corsPreflightAndOrigins() {
        HttpResponse<String> pre = http.send(
                "OPTIONS",
                "/api/echo/params",
                "",
                Map.of(
                        "Origin", "https://app.example",
                        "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "content-type, authorization"));
        assertThat(pre.statusCode()).isEqualTo(204);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
        assertThat(pre.headers().firstValue("Access-Control-Allow-Methods").orElse(""))
                .contains("POST");
        assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .contains("authorization");
        HttpResponse<String> call = http.send("GET", "/api/echo/params", "", Map.of("Origin", "https://app.example"));
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(call.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
        HttpResponse<String> evil = http.send(
                "OPTIONS",
                "/api/echo/params",
                "",
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"));
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(Http.json(evil).path("type").asText()).isEqualTo("ORIGIN_NOT_ALLOWED");
        assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theTokenAndTheAuthorizeHookGuardCallsAndPutTheIdentityInMeta() {
        HttpResponse<String> none = auth.get("/api/who/ami");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(Http.json(none).path("type").asText()).isEqualTo("NO_TOKEN");
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        HttpResponse<String> wrong = auth.send("GET", "/api/who/ami", "", Map.of("Authorization", "Bearer nope"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(Http.json(wrong).path("name").asText()).isEqualTo("UnAuthorizedError");
        assertThat(Http.json(wrong).path("type").asText()).isEqualTo("INVALID_TOKEN");
        HttpResponse<String> noUser = auth.send("GET", "/api/who/ami", "", Map.of("Authorization", "Bearer s3cret"));
        assertThat(noUser.statusCode()).isEqualTo(403);
        assertThat(Http.json(noUser).path("type").asText()).isEqualTo("NO_USER");
        HttpResponse<String> ok = auth.send("GET", "/api/who/ami?token=s3cret", "", Map.of("X-User", "alice"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("alice@who.ami");
        assertThat(auth.get("/health/live").statusCode()).isEqualTo(200); // health needs no token
    }

    @Test
    void theRateLimitAnswers429BeyondItsCallsPerSecond() {
        Map<String, String> headers = Map.of("Authorization", "Bearer s3cret", "X-User", "bob");
        List<HttpResponse<String>> refused = new ArrayList<>();
        for (int i = 0; i < 30 && refused.isEmpty(); i++) {
            HttpResponse<String> r = auth.send("GET", "/api/echo/params", "", headers);
            if (r.statusCode() == 429) {
                refused.add(r);
            } else {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("X-Rate-Limit-Limit")).contains("3");
            }
        }
        assertThat(refused).as("a 429 within 30 calls at 3/s").hasSize(1);
        HttpResponse<String> limited = refused.get(0);
        JsonNode body = Http.json(limited);
        assertThat(body.path("name").asText()).isEqualTo("RateLimitExceeded");
        assertThat(body.path("code").asInt()).isEqualTo(429);
        assertThat(limited.headers().firstValue("X-Rate-Limit-Remaining")).contains("0");
    }

    @Test
    void healthLiveAndReady() {
        HttpResponse<String> live = http.get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(Http.json(live).path("status").asText()).isEqualTo("UP");
        HttpResponse<String> ready = http.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(Http.json(ready).path("checks").path("broker").asText()).isEqualTo("UP");
    }

    @Test
    void readinessFailsOnceTheBrokerStops() {
        try (TestMesh own = new TestMesh()) {
            ServiceBroker b = own.broker("lonely");
            Gateway g = own.gateway(b, GatewayOptions.builder().build());
            g.start();
            Http h = new Http(g);
            assertThat(h.get("/health/ready").statusCode()).isEqualTo(503); // not started yet
            b.start();
            assertThat(h.get("/health/ready").statusCode()).isEqualTo(200);
            b.stop();
            HttpResponse<String> r = h.get("/health/ready");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(Http.json(r).path("checks").path("broker").asText()).isEqualTo("DOWN");
            assertThat(h.get("/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theOpenApiDocumentListsTheAllowedActionsAndAliasesAndIsValid() {
        HttpResponse<String> r = http.get("/api/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body(), null, options);
        assertThat(parsed.getMessages()).as(r.body()).isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api).isNotNull();
        assertThat(api.getPaths())
                .containsKeys(
                        "/api/math/add", "/api/echo/params", "/api/users/{id}", "/api/hello/{name}", "/api/calc/add")
                .doesNotContainKeys("/api/secret/x", "/api/peek", "/api/$node/list");
        var add = Objects.requireNonNull(api.getPaths().get("/api/math/add")).getPost();
        var schema = Objects.requireNonNull(add.getRequestBody().getContent().get("application/json"))
                .getSchema();
        assertThat(schema.getProperties()).containsKeys("a", "b");
        assertThat(Objects.requireNonNull(api.getPaths().get("/api/users/{id}"))
                        .getDelete()
                        .getParameters())
                .extracting(p -> p.getName())
                .containsExactly("id");
        assertThat(api.getComponents().getSchemas()).containsKey("Error");
    }
}
