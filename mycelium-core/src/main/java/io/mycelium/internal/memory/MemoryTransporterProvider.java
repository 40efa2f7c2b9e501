package io.mycelium.internal.memory;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import java.net.URI;
import java.util.Set;

/** {@code memory://}: the in-JVM transporter for tests. */
public final class MemoryTransporterProvider implements TransporterProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("memory");
    }

    @Override
    public Transporter create(URI url) {
        return new MemoryTransporter();
    }
}
