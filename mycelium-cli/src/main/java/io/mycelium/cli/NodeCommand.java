package io.mycelium.cli;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceName;
import io.mycelium.spi.ServiceProvider;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code node}: runs a node until Ctrl-C or SIGTERM, then stops it gracefully. Its services are the demo
 * services and/or the user's, loaded from {@code --classpath}: each {@code --service} class is made with
 * its no-argument constructor (an annotated class, {@code @ServiceName}, or a {@code Supplier} of a
 * {@link Service} or its builder); with no {@code --service}, the jar's {@link ServiceProvider}s (found
 * with {@link ServiceLoader}) supply them.
 */
@Command(
        name = "node",
        description = "Runs a node with services until Ctrl-C or SIGTERM.",
        footer = {
            "",
            "Example: mycelium node --services demo",
            "         mycelium node --classpath my.jar --service com.acme.Greeter",
            "         mycelium node --classpath my.jar   (services listed in the jar's",
            "           META-INF/services/io.mycelium.spi.ServiceProvider)"
        })
final class NodeCommand implements Callable<Integer> {

    @ParentCommand
    @Nullable
    MyceliumCommand root;

    @Option(names = "--services", paramLabel = "SET", description = "Built-in services to run: demo")
    List<String> services = new ArrayList<>();

    @Option(
            names = {"--classpath", "--cp"},
            paramLabel = "JAR|DIR",
            split = ":",
            description = "The user's jars or class folders (repeatable, or separated by ':'); without"
                    + " --service, their io.mycelium.spi.ServiceProvider entries supply the services")
    List<Path> classpath = new ArrayList<>();

    @Option(
            names = "--service",
            paramLabel = "CLASS",
            description = "A service class to instantiate and register (repeatable)")
    List<String> serviceClasses = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        MyceliumCommand root = Commands.root(this.root);
        Terminal term = root.terminal();
        for (String set : services) {
            if (!set.equals("demo")) {
                throw new UsageException("--services: unknown set '" + set + "' (known: demo)");
            }
        }
        List<Object> loaded = load();
        String nodeId = root.nodeId().orElseGet(() -> Session.defaultNodeId(""));
        try (StopSignal stop = new StopSignal(Duration.ofSeconds(15));
                Session session = Session.start(root, nodeId, broker -> register(broker, loaded))) {
            List<String> names = new ArrayList<>();
            if (!services.isEmpty()) {
                names.addAll(DemoServices.names());
            }
            loaded.forEach(o -> names.add(name(o)));
            term.out()
                    .println("node " + session.nodeId() + " running on " + root.transporter
                            + (root.namespace.isEmpty() ? "" : " namespace " + root.namespace)
                            + (names.isEmpty() ? " with no services" : " with " + String.join(", ", names))
                            + " (Ctrl-C to stop)");
            term.out().flush();
            stop.await();
            term.err().println("stopping node " + session.nodeId() + "...");
            term.err().flush();
        }
        return ExitCodes.OK;
    }

    private void register(ServiceBroker broker, List<Object> loaded) {
        if (!services.isEmpty()) {
            new DemoServices((name, ctx) -> {}).registerAll(broker);
        }
        for (Object service : loaded) {
            Object made = service instanceof Supplier<?> supplier ? supplier.get() : service;
            switch (made) {
                case Service s -> broker.register(s);
                case Service.Builder b -> broker.register(b);
                case null ->
                    throw new UsageException("--service: " + service.getClass().getName() + " supplied null");
                default -> broker.register(made);
            }
        }
    }

    private static String name(Object service) {
        return switch (service) {
            case Service s -> s.fullName();
            case Service.Builder b -> b.build().fullName();
            default -> {
                ServiceName named = service.getClass().getAnnotation(ServiceName.class);
                yield named != null ? named.value() : service.getClass().getSimpleName();
            }
        };
    }

    private List<Object> load() {
        if (serviceClasses.isEmpty() && classpath.isEmpty()) {
            return List.of();
        }
        List<URL> urls = new ArrayList<>();
        for (Path p : classpath) {
            if (!Files.exists(p)) {
                throw new UsageException("--classpath: no such file or directory: " + p);
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new UsageException("--classpath: bad path " + p + ": " + e.getMessage());
            }
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), NodeCommand.class.getClassLoader());
        List<Object> out = new ArrayList<>();
        for (String name : serviceClasses) {
            out.add(instantiate(loader, name));
        }
        if (serviceClasses.isEmpty()) {
            out.addAll(provided(loader));
        }
        return out;
    }

    /** The services of every {@link ServiceProvider} on the user's class path. */
    private List<Object> provided(ClassLoader loader) {
        List<Object> out = new ArrayList<>();
        try {
            for (ServiceProvider provider : ServiceLoader.load(ServiceProvider.class, loader)) {
                for (Object service : provider.services()) {
                    if (service == null) {
                        throw new UsageException(
                                "--classpath: " + provider.getClass().getName() + " supplied a null service");
                    }
                    out.add(service);
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new UsageException("--classpath: cannot load a ServiceProvider: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new UsageException("--classpath " + classpath + ": no --service CLASS named and no"
                    + " io.mycelium.spi.ServiceProvider found in META-INF/services");
        }
        return out;
    }

    private static Object instantiate(ClassLoader loader, String name) {
        try {
            Class<?> type = Class.forName(name, true, loader);
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ClassNotFoundException e) {
            throw new UsageException("--service: class " + name + " not found on the --classpath");
        } catch (NoSuchMethodException e) {
            throw new UsageException("--service: " + name + " has no constructor without arguments");
        } catch (InvocationTargetException e) {
            throw new UsageException("--service: constructing " + name + " failed: " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new UsageException("--service: cannot load " + name + ": " + e);
        }
    }
}
