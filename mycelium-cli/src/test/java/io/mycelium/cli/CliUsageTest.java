package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
    void aSubcommandsHelpIsPrintedBeforeItsRequiredParametersAreChecked() {
        Launcher.Result r = cli.run("call", "--help");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Usage: mycelium call", "ACTION", "--params");
        assertThat(r.err()).doesNotContain("Missing required parameter");
    }

    @Test
    void everySubcommandHasHelp() {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        MyceliumCommand root = new MyceliumCommand(new Terminal(none, none, InputStream.nullInputStream()));
        for (String command : new CommandLine(root).getSubcommands().keySet()) {
            Launcher.Result r = InProcess.run(command, "--help");

            assertThat(r.exit()).as(command + ": " + r).isZero();
            assertThat(r.out()).as(command).contains("Usage: mycelium " + command);
        }
    }

    @Test
    void theReplReportsItsOwnTransporter() {
        Launcher.Result r = cli.runWithInput(
                Duration.ofSeconds(60),
                "nodes\nexit\n",
                "repl",
                "-t",
                "memory://repl-only",
                "--discovery-timeout",
                "300");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out() + r.err())
                .as(r.toString())
                .contains("mycelium repl on memory://repl-only")
                .contains("no other node found on memory://repl-only")
                .doesNotContain("tcp://");
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
