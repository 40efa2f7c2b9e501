package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WaitForServicesTest {

    @Test
    void completesOnceEveryServiceRunsWhateverTheStartOrder() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker first = mesh.broker("first");
            CompletableFuture<Void> waiting = first.waitForServices(Duration.ofSeconds(10), "users", "v2.math");
            assertThat(waiting).isNotDone();

            mesh.broker("math", CallTest.math());
            assertThat(waiting).isNotDone();
            mesh.broker(
                    "users", Service.named("users").action("get", ctx -> "u").build());

            waiting.join();
            assertThat(first.call("users.get", null, String.class).join()).isEqualTo("u");
        }
    }

    @Test
    void failsAfterTheTimeoutNamingWhatIsMissing() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.broker("n");

            Throwable error = catchThrowable(
                    () -> node.waitForServices(Duration.ofMillis(100), "ghost").join());

            assertThat(error).hasCauseInstanceOf(MyceliumException.class).hasMessageContaining("ghost");
        }
    }

    @Test
    void startedHooksRunBeforeTheServiceIsAnnouncedAndStoppedHooksOnStop() {
        StringBuilder trace = new StringBuilder();
        try (Mesh mesh = new Mesh()) {
            ServiceBroker n = mesh.broker(
                    "n",
                    Service.named("life")
                            .started(b -> trace.append("started;"))
                            .stopped(b -> trace.append("stopped;"))
                            .build());
            n.register(new Lifecycle(trace));
            n.stop();
        }
        assertThat(trace.toString()).isEqualTo("started;annotated started;annotated stopped;stopped;");
    }

    @ServiceName(value = "annotated", version = "3")
    static final class Lifecycle {
        private final StringBuilder trace;

        Lifecycle(StringBuilder trace) {
            this.trace = trace;
        }

        @Started
        void start(ServiceBroker broker) {
            trace.append("annotated started;");
        }

        @Stopped
        void stop() {
            trace.append("annotated stopped;");
        }
    }
}
