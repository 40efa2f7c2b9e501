package io.mycelium.transport.redis;

import io.mycelium.spi.Discoverer;
import io.mycelium.spi.DiscovererProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Serves {@code redis://} and {@code rediss://} discoverer URLs: the options of {@link RedisOptions} plus
 * {@code heartbeatInterval} (default 10s), {@code heartbeatTimeout} (default 30s) and {@code serializer}
 * (default {@code json}, as Moleculer's Redis discoverer).
 */
public final class RedisDiscovererProvider implements DiscovererProvider {

    private static final Map<String, String> EXTRA =
            Map.of("heartbeatInterval", "10s", "heartbeatTimeout", "30s", "serializer", "json");

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss");
    }

    @Override
    public Discoverer create(URI url) {
        RedisOptions options = RedisOptions.fromUrl(url, EXTRA);
        Map<String, String> extra = options.extra();
        Duration interval = UrlQuery.duration("heartbeatInterval", extra.getOrDefault("heartbeatInterval", "10s"));
        Duration timeout = UrlQuery.duration("heartbeatTimeout", extra.getOrDefault("heartbeatTimeout", "30s"));
        return RedisDiscoverer.create(options, interval, timeout, extra.getOrDefault("serializer", "json"));
    }
}
