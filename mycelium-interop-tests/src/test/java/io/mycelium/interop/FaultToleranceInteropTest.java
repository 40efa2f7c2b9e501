package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.CallOptions;
import io.mycelium.MyceliumException;
import io.mycelium.RetryPolicy;
import io.mycelium.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Fault tolerance across a mixed mesh: the distributed timeout travels both ways between Moleculer 0.15 and
 * Mycelium (a Moleculer caller's {@code timeout} bounds the Java handler, whose onward call to Moleculer
 * carries what is left of it), and Mycelium's retry policy retries a Moleculer node's retryable error and
 * only that.
 */
class FaultToleranceInteropTest {

    @Test
    void aMoleculerCallersTimeoutIsTheJavaHandlersBudgetAndTravelsOnToMoleculer() {
        try (Mesh mesh = Mesh.start(new Cell(Transport.TCP_STATIC, Wire.JSON))) {
            AtomicLong budget = new AtomicLong(-1);
            mesh.java.register(Service.named("java-budget")
                    .action("relay", ctx -> {
                        budget.set(ctx.remaining().orElseThrow().toMillis());
                        // node-math.echo answers the timeout its context got: the rest of this budget
                        return ctx.call("node-math.echo", Map.of()).join().path("timeout");
                    })
                    .action("sleep", ctx -> {
                        Thread.sleep(3_000);
                        return "late";
                    }));
            mesh.awaitSeen(mesh.node, mesh.java.nodeId(), "java-budget");

            JsonNode relayed = mesh.node.command("call", Map.of("action", "java-budget.relay", "timeout", 4_000));
            assertThat(budget.get()).isBetween(1L, 4_000L);
            assertThat(relayed.path("data").asLong()).isBetween(1L, 4_000L);

            NodePeer.NodeCommandException timedOut = catchThrowableOfType(
                    NodePeer.NodeCommandException.class,
                    () -> mesh.node.command("call", Map.of("action", "java-budget.sleep", "timeout", 500)));
            assertThat(timedOut.error().path("name").asText()).isEqualTo("RequestTimeoutError");
        }
    }

    @Test
    void myceliumRetriesAMoleculerNodesRetryableErrorAndNotOthers() {
        try (Mesh mesh = Mesh.start(new Cell(Transport.TCP_STATIC, Wire.JSON))) {
            List<Throwable> retried = new CopyOnWriteArrayList<>();
            RetryPolicy twice = RetryPolicy.exponential(2, Duration.ofMillis(10), Duration.ofMillis(50), 2)
                    .withCheck(e -> {
                        retried.add(e);
                        return RetryPolicy.RETRYABLE.test(e);
                    });
            CallOptions options = CallOptions.builder().retryPolicy(twice).build();

            Throwable retryable = catchThrowable(() -> mesh.java
                    .call("node-math.fail", Map.of("retryable", true, "message", "busy"), options)
                    .join());
            MyceliumException busy = (MyceliumException) Objects.requireNonNull(retryable.getCause());
            assertThat(busy.retryable()).isTrue();
            assertThat(retried).hasSize(2); // two retries after the first failure, then the error

            retried.clear();
            Throwable permanent = catchThrowable(() -> mesh.java
                    .call("node-math.fail", Map.of("retryable", false, "message", "bad"), options)
                    .join());
            MyceliumException bad = (MyceliumException) Objects.requireNonNull(permanent.getCause());
            assertThat(bad.retryable()).isFalse();
            assertThat(retried).hasSize(1); // checked once, not retried
        }
    }
}
