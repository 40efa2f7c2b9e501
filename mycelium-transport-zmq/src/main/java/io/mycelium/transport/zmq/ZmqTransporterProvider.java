package io.mycelium.transport.zmq;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import java.net.URI;
import java.util.Set;

/** Serves {@code zmq://} URLs; registered in {@code META-INF/services}. */
public final class ZmqTransporterProvider implements TransporterProvider {

    /** For {@link java.util.ServiceLoader}. */
    public ZmqTransporterProvider() {}

    @Override
    public Set<String> schemes() {
        return Set.of("zmq");
    }

    @Override
    public Transporter create(URI url) {
        return new ZmqTransporter(ZmqOptions.fromUrl(url));
    }
}
