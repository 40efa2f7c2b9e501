package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.ServiceBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mycelium node --classpath app.jar}: the user's services, from a jar compiled and packed by the
 * test, found through the jar's {@code META-INF/services/io.mycelium.spi.ServiceProvider}, run by the real
 * launcher and called over NATS.
 */
class NodeClasspathTest {

    private static final String GREETER = """
            package com.example;

            import com.fasterxml.jackson.databind.JsonNode;
            import io.mycelium.Action;
            import io.mycelium.ServiceName;

            @ServiceName("hello")
            public class Greeter {
                @Action
                public String greet(JsonNode params) {
                    return "Hi " + params.path("name").asText();
                }
            }
            """;

    private static final String PROVIDER = """
            package com.example;

            import io.mycelium.Service;
            import io.mycelium.spi.ServiceProvider;
            import java.util.List;

            public class AppServices implements ServiceProvider {
                @Override
                public List<?> services() {
                    return List.of(
                            new Greeter(),
                            Service.named("adder").action("add", ctx ->
                                    ctx.params().path("a").asInt() + ctx.params().path("b").asInt()));
                }
            }
            """;

    @Test
    void runsTheServicesItsJarProvidesAndAnswersCalls(@TempDir Path dir) throws Exception {
        new CliOverNatsTest().requireBroker();
        Path jar = buildJar(dir);
        String ns = "cp-" + UUID.randomUUID().toString().substring(0, 8);
        Launcher cli = new Launcher(Map.of("MYCELIUM_TRANSPORTER", CliOverNatsTest.NATS, "MYCELIUM_NAMESPACE", ns));

        try (Launcher.Background node = cli.start("node", "--classpath", jar.toString(), "--node-id", "app-" + ns)) {
            assertThat(node.nextOut(CliContract.NODE_START)).contains("running on", "hello", "adder");

            // the caller is a node in this JVM: a launcher per call would add a JVM start each
            ServiceBroker caller = ServiceBroker.builder()
                    .nodeId("caller-" + ns)
                    .namespace(ns)
                    .transporter(CliOverNatsTest.NATS)
                    .build();
            caller.start();
            try {
                caller.waitForServices(Duration.ofSeconds(30), "hello", "adder").get(40, TimeUnit.SECONDS);
                assertThat(caller.call("hello.greet", Map.of("name", "Ada"), String.class)
                                .get(10, TimeUnit.SECONDS))
                        .isEqualTo("Hi Ada");
                assertThat(caller.call("adder.add", Map.of("a", 2, "b", 3), Integer.class)
                                .get(10, TimeUnit.SECONDS))
                        .isEqualTo(5);
            } finally {
                caller.stop();
            }
        }
    }

    @Test
    void aJarWithoutServicesIsABadUsage(@TempDir Path dir) throws IOException {
        Path empty = dir.resolve("empty.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(empty))) {
            out.putNextEntry(new JarEntry("README"));
            out.write("nothing here".getBytes(StandardCharsets.UTF_8));
        }

        Launcher.Result r = InProcess.run("node", "-t", "memory://cp", "--classpath", empty.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("io.mycelium.spi.ServiceProvider");
    }

    /** Compiles the two classes against this test's class path and packs them with their service entry. */
    private static Path buildJar(Path dir) throws IOException {
        Path src = dir.resolve("src/com/example");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src);
        Files.createDirectories(classes);
        Files.writeString(src.resolve("Greeter.java"), GREETER);
        Files.writeString(src.resolve("AppServices.java"), PROVIDER);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(
                null,
                null,
                null,
                "--release",
                "21",
                "-parameters",
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                src.resolve("Greeter.java").toString(),
                src.resolve("AppServices.java").toString());
        assertThat(status).as("javac exit status").isZero();
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
            }
            out.putNextEntry(new JarEntry("META-INF/services/io.mycelium.spi.ServiceProvider"));
            write(out, List.of("com.example.AppServices"));
        }
        return jar;
    }

    private static void write(OutputStream out, List<String> lines) throws IOException {
        out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
