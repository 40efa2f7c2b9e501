package io.mycelium.transport.nats;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import java.net.URI;
import java.util.Set;

/** Serves {@code nats://} URLs; see {@link NatsOptions#fromUrl(URI)} for the options it reads. */
public final class NatsTransporterProvider implements TransporterProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("nats");
    }

    @Override
    public Transporter create(URI url) {
        return NatsTransporter.create(NatsOptions.fromUrl(url));
    }
}
