package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void demoNarratesEveryStepAndExitsZeroOnTheMemoryTransporter() {
        Launcher.Result r = InProcess.run("demo", "-t", "memory://");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("1. Discovery", "client sees alpha, beta")
                .contains("answered by alpha", "answered by beta")
                .contains("emit demo.greeted -> ")
                .contains("broadcast demo.announce -> ")
                .contains("PaymentError", "RequestTimeoutError", "ServiceNotFoundError")
                .contains("client sees beta leave")
                .contains("Summary")
                .containsPattern("client runs a gateway: open http://127\\.0\\.0\\.1:\\d+/ for the live mesh page")
                .contains("./mycelium demo --stay keeps it up");
    }

    @Test
    void noPageRunsNoGateway() {
        Launcher.Result r = InProcess.run("demo", "-t", "memory://", "--no-page");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Summary").doesNotContain("client runs a gateway");
    }
}
