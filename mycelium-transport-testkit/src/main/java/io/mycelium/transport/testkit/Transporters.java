package io.mycelium.transport.testkit;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import java.net.URI;
import java.util.ServiceLoader;

/** Finds transporters by URL through {@link ServiceLoader}, as a broker does. */
public final class Transporters {

    private Transporters() {}

    /** The transporter for {@code url}; fails loudly, naming the scheme, when no provider serves it. */
    public static Transporter create(String url) {
        // a bare "memory://" has no authority, which URI rejects; the broker reads it the same way
        URI uri = URI.create(url.endsWith("://") ? url + "/" : url);
        String scheme = uri.getScheme();
        return ServiceLoader.load(TransporterProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains(scheme))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no TransporterProvider for " + scheme + ":// on the class path (is its transporter built?)"))
                .create(uri);
    }
}
