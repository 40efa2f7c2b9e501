package io.mycelium.transport.tcp;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import java.net.URI;
import java.util.Set;

/** Makes the TCP transporter for {@code tcp://} URLs (see {@link TcpTransporterOptions#fromUrl}). */
public final class TcpTransporterProvider implements TransporterProvider {
    /** For {@link java.util.ServiceLoader}. */
    public TcpTransporterProvider() {}

    @Override
    public Set<String> schemes() {
        return Set.of("tcp");
    }

    @Override
    public Transporter create(URI url) {
        return NettyTcpTransporter.create(TcpTransporterOptions.fromUrl(url.toString()));
    }
}
