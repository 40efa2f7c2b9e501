package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.internal.util.Json;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ValidationTest {

    record Address(
            @NotBlank String city,
            @Default("FR") @Size(min = 2, max = 2) String country) {}

    record Signup(
            @NotBlank @Size(max = 12) String name,
            @Email @org.jspecify.annotations.Nullable String email,
            @Min(18) int age,
            @NotNull @Valid Address address,
            @Default("[\"news\"]") List<String> topics,
            @Default("true") boolean active,

            @Pattern(regexp = "[A-Z]{3}") @org.jspecify.annotations.Nullable
            String code) {}

    @ServiceName("users")
    static final class Users {
        @Action
        Signup signup(Signup s) {
            return s;
        }

        @Action
        String greet(Context ctx, Signup s) {
            return "hi " + s.name() + " from "
                    + ctx.params().path("address").path("country").asText();
        }
    }

    private static ValidationException failure(ServiceBroker b, String action, Object params) {
        try {
            b.call(action, params).join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(ValidationException.class);
            return (ValidationException) java.util.Objects.requireNonNull(e.getCause());
        }
        throw new AssertionError("the call succeeded");
    }

    private static List<String> fields(ValidationException e) {
        List<String> out = new ArrayList<>();
        e.data()
                .forEach(v ->
                        out.add(v.path("field").asText() + ":" + v.path("type").asText()));
        return out;
    }

    @Test
    void everyViolationIsReportedInMoleculersShape() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker b = mesh.broker("solo");
            b.register(new Users());
            Map<String, Object> bad = Map.of(
                    "name", "a-very-long-name",
                    "email", "not-an-email",
                    "age", 12,
                    "address", Map.of("city", "", "country", "FRA"),
                    "code", "abc");

            ValidationException e = failure(b, "users.signup", bad);

            assertThat(e.code()).isEqualTo(422);
            assertThat(e.type()).isEqualTo("VALIDATION_ERROR");
            assertThat(e.name()).isEqualTo("ValidationError");
            assertThat(fields(e))
                    .containsExactly(
                            "address.city:stringEmpty",
                            "address.country:stringMax",
                            "age:numberMin",
                            "code:stringPattern",
                            "email:email",
                            "name:stringMax");
            JsonNode age = e.data().get(2);
            assertThat(age.path("actual").asInt()).isEqualTo(12);
            assertThat(age.path("message").asText()).isEqualTo("The 'age' field must be greater than or equal to 18.");
        }
    }

    @Test
    void missingFieldsTakeTheirDefaultsAndRequiredOnesAreReported() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker b = mesh.broker("solo");
            b.register(new Users());

            Signup s = b.call(
                            "users.signup",
                            Map.of("name", "ann", "age", 30, "address", Map.of("city", "Lyon")),
                            Signup.class)
                    .join();
            ValidationException missing = failure(b, "users.signup", Map.of("name", "ann"));

            assertThat(s.topics()).containsExactly("news");
            assertThat(s.active()).isTrue();
            assertThat(s.address().country()).isEqualTo("FR");
            assertThat(fields(missing)).containsExactly("age:required");
            assertThat(b.call(
                                    "users.greet",
                                    Map.of("name", "bo", "age", 40, "address", Map.of("city", "Nice")),
                                    String.class)
                            .join())
                    .as("the handler's context sees the defaults too")
                    .isEqualTo("hi bo from FR");
        }
    }

    @Test
    void aValueOfTheWrongKindNamesItsField() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker b = mesh.broker("solo");
            b.register(new Users());

            ValidationException e =
                    failure(b, "users.signup", Map.of("name", "x", "age", "old", "address", Map.of("city", "Pau")));
            ValidationException notObject = failure(b, "users.signup", List.of(1, 2));

            assertThat(fields(e)).containsExactly("age:number");
            assertThat(e.data().get(0).path("actual").asText()).isEqualTo("old");
            assertThat(fields(notObject)).containsExactly(":object");
        }
    }

    @Test
    void aRecordPassedByALocalCallerIsValidatedToo() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker b = mesh.broker("solo");
            b.register(new Users());
            Signup young = new Signup("zoe", null, 9, new Address("Metz", "FR"), List.of(), false, null);

            assertThat(fields(failure(b, "users.signup", young))).containsExactly("age:numberMin");
        }
    }

    @Test
    void theSchemaIsAnnouncedInMoleculersNotation() throws Exception {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker b = mesh.broker("solo");
            b.register(new Users());

            JsonNode actions =
                    b.call("$node.actions", Map.of("onlyLocal", true)).join();
            JsonNode schema = Json.object();
            for (JsonNode a : actions) {
                if (a.path("name").asText().equals("users.signup")) {
                    schema = a.path("action").path("params");
                }
            }

            assertThat(Json.MAPPER.convertValue(schema, Map.class))
                    .isEqualTo(Json.MAPPER.convertValue(Json.MAPPER.readTree("""
                            {"name":{"type":"string","empty":false,"max":12},
                             "email":{"type":"email","optional":true},
                             "age":{"type":"number","integer":true,"min":18},
                             "address":{"type":"object","props":{
                                 "city":{"type":"string","empty":false},
                                 "country":{"type":"string","min":2,"max":2,"optional":true,"default":"FR"}}},
                             "topics":{"type":"array","items":{"type":"string"},"optional":true,"default":["news"]},
                             "active":{"type":"boolean","optional":true,"default":true},
                             "code":{"type":"string","pattern":"[A-Z]{3}","optional":true}}
                            """), Map.class));
        }
    }

    record Bad(@Default("many") int count) {}

    @Test
    void aDefaultThatDoesNotFitItsComponentIsRefusedAtRegistration() {
        assertThatThrownBy(() -> Service.named("bad")
                        .action("x", Bad.class, (ctx, p) -> p.count())
                        .build()
                        .actions()
                        .forEach(a -> new io.mycelium.internal.registry.LocalService(
                                Service.named("bad").action(a).build())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad.count");
    }
}
