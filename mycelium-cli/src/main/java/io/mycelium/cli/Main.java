package io.mycelium.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code mycelium} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, out, err, System.in);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; the streams are the command's terminal. */
    static int run(String[] args, PrintWriter out, PrintWriter err, InputStream in) {
        MyceliumCommand root = new MyceliumCommand(new Terminal(out, err, in));
        return commandLine(root).execute(args);
    }

    /** The picocli command line of {@code root}, with our error handling. */
    static CommandLine commandLine(MyceliumCommand root) {
        CommandLine cl = new CommandLine(root);
        cl.setOut(root.terminal().out());
        cl.setErr(root.terminal().err());
        cl.setExecutionExceptionHandler(
                (e, line, parsed) -> Failures.report(e, root.terminal().err()));
        cl.setExecutionStrategy(parsed -> {
            Logging.verbosity(root.verbosity());
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // `--params @file` is ours to read (Json.read): picocli's own @-file expansion would split the
        // file into arguments
        cl.setExpandAtFiles(false);
        return cl;
    }
}
