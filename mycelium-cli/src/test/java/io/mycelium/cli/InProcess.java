package io.mycelium.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the command inside the test's JVM (so it can reach brokers on {@code memory://}). */
final class InProcess {

    private InProcess() {}

    static Launcher.Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        int exit = Main.run(
                all.toArray(String[]::new),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                new ByteArrayInputStream(new byte[0]));
        return new Launcher.Result(exit, out.toString(), err.toString());
    }
}
