package io.mycelium.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.TerminalBuilder;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code repl}: an interactive shell on one long-lived node, with the same verbs as the command line,
 * history in {@code ~/.mycelium_history} and completion of verbs, action, event and node names.
 */
@Command(name = "repl", description = "Interactive shell with history and completion; the same verbs inside.")
final class ReplCommand implements Callable<Integer> {

    /** Verbs that make no sense inside the shell (they would block it or nest it). */
    private static final Set<String> OUTSIDE_ONLY = Set.of("repl", "node");

    @ParentCommand
    @Nullable
    MyceliumCommand root;

    @Override
    public Integer call() throws IOException {
        MyceliumCommand root = Commands.root(this.root);
        try (org.jline.terminal.Terminal terminal =
                        TerminalBuilder.builder().system(true).build();
                Session session = Session.start(
                        root, root.nodeId().orElseGet(() -> Session.defaultNodeId("cli-repl-")), b -> {})) {
            DefaultParser parser = new DefaultParser();
            parser.setEscapeChars(new char[0]); // JSON needs its backslashes
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("mycelium")
                    .parser(parser)
                    .completer(new ReplCompleter(session, verbs(root)))
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".mycelium_history"))
                    .build();
            PrintWriter out = new PrintWriter(new AboveWriter(reader), true);
            Terminal inner = new Terminal(out, out, terminal.input());
            out.println("mycelium repl on " + root.transporter
                    + (root.namespace.isEmpty() ? "" : " namespace " + root.namespace)
                    + " as node " + session.nodeId() + "; " + session.settle().size()
                    + " other node(s) found. Type help, Tab completes, Ctrl-D quits.");
            while (true) {
                String line;
                try {
                    line = reader.readLine("mycelium> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                List<String> words = reader.getParsedLine().words().stream()
                        .filter(w -> !w.isEmpty())
                        .toList();
                if (words.isEmpty()) {
                    continue;
                }
                String verb = words.get(0);
                if (verb.equals("exit") || verb.equals("quit")) {
                    break;
                }
                run(root, session, inner, words, verb);
            }
            out.println("leaving the mesh...");
            return ExitCodes.OK;
        }
    }

    private static void run(MyceliumCommand root, Session session, Terminal inner, List<String> words, String verb) {
        if (OUTSIDE_ONLY.contains(verb)) {
            inner.err().println("'" + verb + "' runs from the command line, not inside the repl");
            return;
        }
        MyceliumCommand command = root.copyFor(inner);
        command.share(session);
        CommandLine cl = Main.commandLine(command);
        cl.setDefaultValueProvider(root.asDefaults());
        if (verb.equals("help")) {
            help(cl, inner, words);
            return;
        }
        int code = cl.execute(words.toArray(String[]::new));
        if (code != ExitCodes.OK) {
            inner.err().println("(exit " + code + ")");
        }
    }

    private static void help(CommandLine cl, Terminal inner, List<String> words) {
        if (words.size() > 1 && cl.getSubcommands().containsKey(words.get(1))) {
            cl.getSubcommands().get(words.get(1)).usage(inner.out());
            inner.out().flush();
            return;
        }
        Table verbs = Table.of("VERB", "WHAT IT DOES");
        cl.getSubcommands().forEach((name, sub) -> {
            if (!OUTSIDE_ONLY.contains(name)) {
                verbs.row(
                        name,
                        String.join(" ", sub.getCommandSpec().usageMessage().description()));
            }
        });
        verbs.row("help VERB", "The options of VERB");
        verbs.row("exit", "Leave the mesh (or Ctrl-D)");
        verbs.print(inner.out());
    }

    private static List<String> verbs(MyceliumCommand root) {
        CommandLine cl = new CommandLine(root);
        return cl.getSubcommands().keySet().stream()
                .filter(v -> !OUTSIDE_ONLY.contains(v))
                .sorted()
                .toList();
    }

    /** Prints through {@link LineReader#printAbove}, so output of background listeners keeps the prompt intact. */
    private static final class AboveWriter extends Writer {
        private final LineReader reader;
        private final StringBuilder pending = new StringBuilder();

        AboveWriter(LineReader reader) {
            this.reader = reader;
        }

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            pending.append(buf, off, len);
        }

        @Override
        public synchronized void flush() {
            int end = pending.lastIndexOf("\n");
            if (end >= 0) {
                reader.printAbove(pending.substring(0, end));
                pending.delete(0, end + 1);
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
