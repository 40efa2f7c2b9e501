package io.mycelium.structure;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.ServiceBroker;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code io.mycelium.core} as a named module, the way a user on the module path meets it: its descriptor
 * exports exactly the packages without {@code internal} in their name; a module that imports an internal
 * package does not compile; and a small application module (src/test/resources/module-path) runs two brokers
 * over TCP in a JVM of its own with core and its dependencies on {@code --module-path} only, and finds the
 * internal packages closed to reflection. The other tests of this module run on the class path.
 */
class ModulePathTest {
    private static final Path CORE_CLASSES = classesOf(ServiceBroker.class);

    @TempDir
    Path work;

    @Test
    void exportsExactlyThePackagesThatAreNotInternal() {
        ModuleDescriptor core = coreDescriptor();
        Set<String> unqualified = core.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> notInternal = core.packages().stream()
                .filter(p -> !p.contains(".internal"))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(core.name()).isEqualTo("io.mycelium.core");
        assertThat(unqualified).isEqualTo(notInternal);
        // the one qualified export: the statistics' internals, measured alone by mycelium-benchmarks
        assertThat(core.exports().stream().filter(ModuleDescriptor.Exports::isQualified))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.source()).isEqualTo("io.mycelium.internal.stats");
                    assertThat(e.targets()).containsExactly("io.mycelium.benchmarks");
                });
        assertThat(core.opens()).isEmpty();
    }

    @Test
    void aModuleThatImportsAnInternalPackageDoesNotCompile() throws IOException {
        StringWriter diagnostics = new StringWriter();
        boolean compiled = compile("io.mycelium.example.peek", work.resolve("peek"), diagnostics);

        assertThat(compiled).isFalse();
        assertThat(diagnostics.toString())
                .contains("package io.mycelium.internal.util is not visible")
                .contains("does not export it");
    }

    @Test
    void anApplicationModuleRunsBrokersOnTheModulePath() throws Exception {
        Path classes = work.resolve("named");
        StringWriter diagnostics = new StringWriter();
        assertThat(compile("io.mycelium.example.named", classes, diagnostics))
                .as("%s", diagnostics)
                .isTrue();

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = work.resolve("run.log");
        Process process = new ProcessBuilder(
                        java.toString(),
                        "-Xmx256m",
                        "--module-path",
                        classes + File.pathSeparator + modulePath(),
                        "--module",
                        "io.mycelium.example.named/example.named.Main")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // two brokers and a JVM's start: a few seconds idle, more on a loaded machine; bounded either way
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(ended).as("ended in time; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(output)
                .contains("module io.mycelium.core")
                .contains("local call 3")
                .contains("remote call 42")
                .contains("validation ValidationException")
                .contains("events received")
                .contains("internal invoke denied io.mycelium.internal.broker.")
                .contains("internal setAccessible denied")
                // Netty reaches sun.misc.Unsafe as it does on the class path (core requires jdk.unsupported)
                .doesNotContain("heap buffer will always be preferred");
    }

    /** Compiles one module of src/test/resources/module-path against core's classes and dependencies. */
    private static boolean compile(String module, Path out, StringWriter diagnostics) throws IOException {
        Path sources = resource("module-path/" + module);
        // an empty class path: javac run in this JVM would otherwise default to the tests' class path, where
        // core's packages sit in the unnamed module
        Path noClassPath = Files.createDirectories(out.resolveSibling(out.getFileName() + "-empty"));
        List<String> args = new ArrayList<>(List.of(
                "--release",
                "21",
                "-proc:none",
                "--class-path",
                noClassPath.toString(),
                "--module-path",
                modulePath(),
                "-d",
                out.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        // java.util.spi's javac, not javax.tools': the test classes are compiled into core's module, which
        // does not read java.compiler
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac"));
        PrintWriter report = new PrintWriter(diagnostics, true);
        return javac.run(report, report, args.toArray(String[]::new)) == 0;
    }

    /** Core's classes, then its run-time dependencies as Maven resolved them (mycelium.runtimeModulePath). */
    private static String modulePath() {
        String listFile = System.getProperty("mycelium.runtimeModulePath");
        assertThat(listFile)
                .as("set by the surefire configuration of mycelium-core")
                .isNotNull();
        try {
            String jars = Files.readString(Path.of(Objects.requireNonNull(listFile)), StandardCharsets.UTF_8)
                    .strip();
            return CORE_CLASSES + File.pathSeparator + jars;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ModuleDescriptor coreDescriptor() {
        return ModuleFinder.of(CORE_CLASSES).findAll().stream()
                .map(ModuleReference::descriptor)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no module-info.class in " + CORE_CLASSES));
    }

    private static Path resource(String name) {
        try {
            return Path.of(
                    Objects.requireNonNull(ModulePathTest.class.getClassLoader().getResource(name), name)
                            .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
