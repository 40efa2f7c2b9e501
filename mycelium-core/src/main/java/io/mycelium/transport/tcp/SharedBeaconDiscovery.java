package io.mycelium.transport.tcp;

import io.mycelium.spi.UrlOptions;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Not API: the implementation behind {@link BeaconDiscovery#start}, the {@code tcp://} UDP discovery on an
 * event loop of its own. Public only so that the SPI can reach it from another package.
 */
public final class SharedBeaconDiscovery implements BeaconDiscovery {

    private final EventLoopGroup group;
    private final UdpDiscovery udp;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SharedBeaconDiscovery(EventLoopGroup group, UdpDiscovery udp) {
        this.group = group;
        this.udp = udp;
    }

    /** The URL options of the beacons, the same on every scheme that uses them. */
    public static final Set<String> URL_OPTIONS = Set.of(
            "udpDiscovery",
            "udpPort",
            "udpBindAddress",
            "udpPeriod",
            "udpMulticast",
            "udpMulticastTtl",
            "udpBroadcast",
            "udpReuseAddr",
            "udpMaxDiscovery",
            "keys");

    /** Sets the beacon options found in {@code o} on {@code b}. */
    public static void applyUrlOptions(UrlOptions o, TcpTransporterOptions.Builder b) {
        o.bool("udpDiscovery").ifPresent(b::udpDiscovery);
        o.integer("udpPort", 1, 65535).ifPresent(v -> b.udpPort(v.intValue()));
        o.text("udpBindAddress").ifPresent(b::udpBindAddress);
        o.duration("udpPeriod").ifPresent(b::udpPeriod);
        o.text("udpMulticast")
                .ifPresent(v -> b.udpMulticast(v.isEmpty() || v.equals("false") ? Optional.empty() : Optional.of(v)));
        o.integer("udpMulticastTtl", 0, 255).ifPresent(v -> b.udpMulticastTtl(v.intValue()));
        o.text("udpBroadcast").ifPresent(v -> {
            String t = v.trim().toLowerCase(Locale.ROOT);
            if (List.of("true", "false", "yes", "no", "on", "off", "1", "0").contains(t)) {
                b.udpBroadcast(UrlOptions.parseBoolean("udpBroadcast", v));
            } else {
                b.udpBroadcast(true).udpBroadcastAddresses(UrlOptions.parseList(v));
            }
        });
        o.bool("udpReuseAddr").ifPresent(b::udpReuseAddr);
        o.integer("udpMaxDiscovery", 0, Integer.MAX_VALUE).ifPresent(v -> b.udpMaxDiscovery(v.intValue()));
        o.list("keys").ifPresent(entries -> {
            for (String entry : entries) {
                int colon = entry.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("option 'keys': a key is written id:secret");
                }
                b.key(entry.substring(0, colon), entry.substring(colon + 1));
            }
        });
    }

    /** See {@link BeaconDiscovery#start}. */
    public static BeaconDiscovery start(
            TcpTransporterOptions settings,
            String namespace,
            String nodeId,
            int port,
            BeaconDiscovery.Listener listener) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        settings.keys().forEach((id, secret) -> keys.put(id, secret.getBytes(StandardCharsets.UTF_8)));
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("mycelium-udp-beacons", true));
        UdpDiscovery udp = new UdpDiscovery(
                group.next(),
                settings,
                nodeId,
                () -> port,
                new Beacons(namespace, keys, System::currentTimeMillis),
                listener::discovered);
        try {
            udp.start();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
        return new SharedBeaconDiscovery(group, udp);
    }

    @Override
    public void announce() {
        group.next().execute(udp::announce);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            group.next().execute(udp::stop);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
