package io.mycelium.transport.redis;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import java.net.URI;
import java.util.Set;

/** Serves {@code redis://} and {@code rediss://} URLs; see {@link RedisOptions#fromUrl(URI)}. */
public final class RedisTransporterProvider implements TransporterProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss");
    }

    @Override
    public Transporter create(URI url) {
        return RedisTransporter.create(RedisOptions.fromUrl(url));
    }
}
