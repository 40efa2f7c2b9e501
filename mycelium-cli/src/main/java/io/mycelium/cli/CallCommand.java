package io.mycelium.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mycelium.CallOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code call ACTION [PARAMS]}: one call, its result as JSON on stdout, its error as JSON on stderr. */
@Command(
        name = "call",
        description = "Calls an action and prints its result as JSON (errors as JSON on stderr).",
        footer = {
            "",
            "Examples: mycelium call math.add '{\"a\": 1, \"b\": 2}'",
            "          mycelium call demo.sha256 --stream big.iso",
            "          mycelium call demo.generate '{\"size\": 1048576}' -o bytes.bin",
            "",
            ExitCodes.HELP
        })
final class CallCommand implements Callable<Integer> {

    @ParentCommand
    @Nullable
    MyceliumCommand root;

    @Parameters(index = "0", paramLabel = "ACTION", description = "Action name, e.g. greeter.hello or v2.math.add")
    String action = "";

    @Parameters(index = "1", arity = "0..1", paramLabel = "PARAMS", description = "Params as JSON (same as --params)")
    @Nullable
    String paramsArgument;

    @Option(
            names = {"-p", "--params"},
            paramLabel = "JSON|@file",
            description = "Params: JSON, @file or @- (stdin)")
    @Nullable
    String params;

    @Option(names = "--meta", paramLabel = "JSON|@file", description = "Meta: a JSON object")
    @Nullable
    String meta;

    @Option(names = "--node", paramLabel = "NODE_ID", description = "Call the action on this node")
    @Nullable
    String node;

    @Option(
            names = "--timeout",
            paramLabel = "MS",
            defaultValue = "30000",
            description = "Give up after MS milliseconds (default ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--retries", paramLabel = "N", description = "Retry retryable failures N times")
    @Nullable
    Integer retries;

    @Option(names = "--pretty", description = "Indent the JSON result")
    boolean pretty;

    @Option(
            names = "--stream",
            paramLabel = "FILE|-",
            description = "Send FILE (or stdin with -) as the call's byte stream")
    @Nullable
    String stream;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Where a streamed result goes (default: stdout, raw bytes)")
    @Nullable
    Path output;

    @Override
    public Integer call() {
        MyceliumCommand root = Commands.root(this.root);
        Terminal term = root.terminal();
        if (params != null && paramsArgument != null) {
            throw new UsageException("give the params once: either PARAMS or --params");
        }
        String raw = params != null ? params : paramsArgument;
        JsonNode body = raw == null
                ? JsonNodeFactory.instance.objectNode()
                : Json.argument(params != null ? "--params" : "PARAMS", raw, term.in());
        CallOptions.Builder options = options(term);
        try (Session session = Session.open(root, "cli-", b -> {})) {
            session.awaitAction(action, Optional.ofNullable(node));
            // opened only now that the call will be made: from here the call owns and closes it
            InputStream upload = openStream(term);
            if (upload != null) {
                options.stream(upload);
            }
            Object result = session.broker()
                    .call(action, body, options.build(), Object.class)
                    .join();
            if (result instanceof InputStream in) {
                return copy(in, term);
            }
            JsonNode tree = (JsonNode) result;
            term.out().println(pretty ? Json.pretty(tree) : Json.compact(tree));
            term.out().flush();
            return ExitCodes.OK;
        }
    }

    /** A streamed result: its bytes, unchanged, to {@code --output} or stdout. */
    private int copy(InputStream in, Terminal term) {
        try (in) {
            if (output != null) {
                Files.copy(in, output, StandardCopyOption.REPLACE_EXISTING);
            } else {
                term.out().flush();
                in.transferTo(System.out);
                System.out.flush();
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the streamed result: " + e.getMessage(), e);
        }
    }

    private @Nullable InputStream openStream(Terminal term) {
        if (stream == null) {
            return null;
        }
        if (stream.equals("-")) {
            return term.in();
        }
        try {
            return Files.newInputStream(Path.of(stream));
        } catch (IOException e) {
            throw new UsageException("--stream: cannot read " + stream + ": " + e.getMessage());
        }
    }

    private CallOptions.Builder options(Terminal term) {
        if (timeoutMs < 0) {
            throw new UsageException("--timeout must be 0 (none) or more, got " + timeoutMs);
        }
        CallOptions.Builder b = CallOptions.builder().timeout(Duration.ofMillis(timeoutMs));
        if (node != null) {
            b.nodeId(node);
        }
        if (retries != null) {
            b.retries(retries);
        }
        if (meta != null) {
            b.meta(Commands.object("--meta", Json.argument("--meta", meta, term.in())));
        }
        if (stream != null && !stream.equals("-") && !Files.isReadable(Path.of(stream))) {
            throw new UsageException("--stream: cannot read " + stream);
        }
        return b;
    }
}
