package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the command does before it joins any mesh: help, version, bad usage. */
class CliUsageTest {

    final Launcher cli = new Launcher(Map.of("MYCELIUM_TRANSPORTER", "memory://"));

    @Test
    void helpListsTheSubcommandsAndExitCodes() {
        Launcher.Result r = cli.run("--help");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains(
                        "demo",
                        "node",
                        "call",
                        "emit",
                        "nodes",
                        "services",
                        "actions",
                        "events",
                        "ping",
                        "listen",
                        "repl",
                        "MYCELIUM_TRANSPORTER",
                        "Exit codes");
    }

    @Test
    void unknownOptionIsABadUsage() {
        Launcher.Result r = cli.run("call", "--no-such-option", "x");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void paramsFromAMissingFileAreABadUsage() {
        Launcher.Result r = cli.run("call", "math.add", "--params", "@/nonexistent/params.json");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no such file: /nonexistent/params.json");
    }

    @Test
    void aStreamFromAMissingFileIsABadUsageBeforeAnyConnection() {
        Launcher.Result r = cli.run("call", "demo.sha256", "--stream", "/nonexistent/upload.bin");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--stream: cannot read /nonexistent/upload.bin");
    }

    @Test
    void unknownTransporterSchemeIsABadUsage() {
        Launcher.Result r = cli.run("nodes", "-t", "carrier-pigeon://coop");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("carrier-pigeon");
    }
}
