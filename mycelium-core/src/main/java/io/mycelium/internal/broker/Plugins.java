package io.mycelium.internal.broker;

import io.mycelium.BrokerOptions;
import io.mycelium.spi.Discoverer;
import io.mycelium.spi.DiscovererProvider;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.SerializerProvider;
import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds transporters by URL scheme and serializers by name through {@link ServiceLoader}. */
final class Plugins {
    private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);

    private Plugins() {}

    /** The transporter and the URL it was made from (for {@code $node.options}). */
    record ChosenTransporter(Transporter transporter, String name) {}

    static ChosenTransporter transporter(BrokerOptions options) {
        if (options.transporter().isPresent()) {
            Transporter t = options.transporter().get();
            return new ChosenTransporter(t, t.getClass().getSimpleName());
        }
        String url = options.transporterUrl().orElse(null);
        if (url == null) {
            if (provider("tcp").isPresent()) {
                url = "tcp://";
            } else {
                LOG.warn(
                        "No TCP transporter on the class path: node {} uses the in-JVM memory:// transporter",
                        options.nodeId());
                url = "memory://";
            }
        }
        int colon = url.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("transporter URL needs a scheme, e.g. nats://127.0.0.1:4222: " + url);
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        TransporterProvider provider = provider(scheme)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no transporter for scheme '" + scheme + "' on the class path (known: " + schemes() + ")"));
        URI uri = URI.create(url.endsWith("://") ? url + "/" : url);
        return new ChosenTransporter(provider.create(uri), url);
    }

    /**
     * The discoverer the options name, if any. A transporter that discovers peers itself (TCP gossip) has
     * no use for one: that combination is refused rather than silently running two discoveries.
     */
    static Optional<Discoverer> discoverer(BrokerOptions options, Transporter transporter) {
        Optional<Discoverer> chosen = options.discoverer();
        if (chosen.isEmpty() && options.discovererUrl().isPresent()) {
            String url = options.discovererUrl().get();
            int colon = url.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(
                        "discoverer URL needs a scheme, e.g. redis://127.0.0.1:6379: " + url);
            }
            String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
            List<String> known = new ArrayList<>();
            DiscovererProvider found = null;
            for (DiscovererProvider p : ServiceLoader.load(DiscovererProvider.class)) {
                if (p.schemes().contains(scheme)) {
                    found = p;
                    break;
                }
                known.addAll(p.schemes());
            }
            if (found == null) {
                throw new IllegalArgumentException("no discoverer for scheme '" + scheme
                        + "' on the class path (known: " + known + "; redis:// is in mycelium-transport-redis)");
            }
            chosen = Optional.of(found.create(URI.create(withBrokerHeartbeats(url, options))));
        }
        if (chosen.isPresent() && transporter.handlesDiscovery()) {
            throw new IllegalArgumentException(
                    "the transporter " + transporter.getClass().getSimpleName()
                            + " discovers its peers itself; a discoverer cannot be combined with it (use a broker"
                            + " transporter such as nats:// or redis://)");
        }
        return chosen;
    }

    /**
     * The URL with the broker's heartbeat interval and timeout added where it names none, as Moleculer's
     * discoverers take theirs from the broker: the broker marks a node silent for its heartbeatTimeout
     * unavailable, so heartbeats written less often than that would make nodes come and go.
     */
    static String withBrokerHeartbeats(String url, BrokerOptions options) {
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        int q = base.indexOf('?');
        String query = q < 0 ? "" : base.substring(q + 1);
        List<String> added = new ArrayList<>();
        if (!hasParameter(query, "heartbeatInterval")) {
            added.add("heartbeatInterval=" + options.heartbeatInterval().toMillis() + "ms");
        }
        if (!hasParameter(query, "heartbeatTimeout")) {
            added.add("heartbeatTimeout=" + options.heartbeatTimeout().toMillis() + "ms");
        }
        if (added.isEmpty()) {
            return url;
        }
        String joint = q < 0 ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
        return base + joint + String.join("&", added) + fragment;
    }

    private static boolean hasParameter(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.equals(name) || pair.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }

    static Serializer serializer(BrokerOptions options) {
        if (options.serializer().isPresent()) {
            return options.serializer().get();
        }
        String name = options.serializerName().orElse("json").toLowerCase(Locale.ROOT);
        List<String> known = new ArrayList<>();
        for (SerializerProvider p : ServiceLoader.load(SerializerProvider.class)) {
            if (p.name().equalsIgnoreCase(name)) {
                return p.create();
            }
            known.add(p.name());
        }
        throw new IllegalArgumentException(
                "no serializer named '" + name + "' on the class path (known: " + known + ")");
    }

    private static Optional<TransporterProvider> provider(String scheme) {
        for (TransporterProvider p : ServiceLoader.load(TransporterProvider.class)) {
            if (p.schemes().contains(scheme)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static List<String> schemes() {
        List<String> all = new ArrayList<>();
        ServiceLoader.load(TransporterProvider.class).forEach(p -> all.addAll(p.schemes()));
        return all;
    }
}
