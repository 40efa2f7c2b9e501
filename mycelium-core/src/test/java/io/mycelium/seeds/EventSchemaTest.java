package io.mycelium.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.Default;
import io.mycelium.Event;
import io.mycelium.EventDefinition;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceName;
import io.mycelium.stats.ErrorCount;
import io.mycelium.stats.EventStatistics;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** atom.js's lexicon applied to messages: an event's data validated against a record before its handlers. */
class EventSchemaTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    record UserCreated(
            @NotBlank String user,
            @Min(1) int age,
            @Default("web") String source) {}

    @ServiceName("annotated")
    static final class Annotated {
        final List<UserCreated> got = new CopyOnWriteArrayList<>();

        @Event("user.created")
        void created(UserCreated event) {
            got.add(event);
        }
    }

    private static long validationErrors(ServiceBroker b, String service) {
        return b.statistics().events().stream()
                .filter(e -> e.service().equals(service) && e.event().equals("user.created"))
                .mapToLong(EventStatistics::errors)
                .sum();
    }

    @ParameterizedTest
    @EnumSource(Meshes.Kind.class)
    void anInvalidEventIsDroppedCountedAndNeverHandedToTheHandler(Meshes.Kind kind) throws Exception {
        List<UserCreated> got = new CopyOnWriteArrayList<>();
        Annotated annotated = new Annotated();
        try (Meshes mesh = new Meshes(kind)) {
            ServiceBroker listener = mesh.broker(
                    "listener",
                    Service.named("users")
                            .event("user.created", UserCreated.class, (ctx, e) -> got.add(e))
                            .build());
            listener.register(annotated);
            ServiceBroker emitter = mesh.broker("emitter");
            Meshes.await(emitter, "users", "annotated");

            // the schema derived from the record is announced with the subscription
            assertThat(emitter.call("$node.services", Map.of("withEvents", true))
                            .get(10, TimeUnit.SECONDS)
                            .toString())
                    .contains("\"params\"")
                    .contains("\"user\"");

            emitter.emit("user.created", Map.of("user", "", "age", 0)).get(10, TimeUnit.SECONDS); // both wrong
            emitter.broadcast("user.created", "not an object").get(10, TimeUnit.SECONDS);
            emitter.emit("user.created", Map.of("user", "ada", "age", 36)).get(10, TimeUnit.SECONDS);

            await().atMost(WAIT).until(() -> got.size() == 1 && annotated.got.size() == 1);
            assertThat(got).containsExactly(new UserCreated("ada", 36, "web"));
            assertThat(annotated.got).containsExactly(new UserCreated("ada", 36, "web"));
            await().atMost(WAIT)
                    .until(() ->
                            validationErrors(listener, "users") == 2 && validationErrors(listener, "annotated") == 2);
            EventStatistics stats = listener.statistics().events().stream()
                    .filter(e -> e.service().equals("users"))
                    .findFirst()
                    .orElseThrow();
            assertThat(stats.received()).isEqualTo(3);
            assertThat(stats.errorsByType())
                    .extracting(ErrorCount::name, ErrorCount::type, ErrorCount::count)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("ValidationError", "VALIDATION_ERROR", 2L));
        }
    }

    @ParameterizedTest
    @EnumSource(Meshes.Kind.class)
    void aLocalEmitIsValidatedToo(Meshes.Kind kind) throws Exception {
        List<UserCreated> got = new CopyOnWriteArrayList<>();
        try (Meshes mesh = new Meshes(kind)) {
            ServiceBroker b = mesh.broker(
                    "solo",
                    Service.named("users")
                            .event(EventDefinition.of("user.created", ctx -> got.add(ctx.data(UserCreated.class)))
                                    .withParams(UserCreated.class))
                            .build());
            b.emit("user.created", Map.of("age", 5)).get(10, TimeUnit.SECONDS);
            b.broadcastLocal("user.created", Map.of("user", "bob", "age", 5)).get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> got.size() == 1 && validationErrors(b, "users") == 1);
            assertThat(got).containsExactly(new UserCreated("bob", 5, "web"));
        }
    }
}
