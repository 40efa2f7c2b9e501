package io.mycelium.internal.stats;

import io.mycelium.protocol.PacketType;
import io.mycelium.stats.TransportStatistics;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Packets and bytes through the transporter, by packet type. Thread-safe, lock-free, fixed memory. */
public final class PacketCounters {
    private final Map<PacketType, LongAdder> sent = counters();
    private final Map<PacketType, LongAdder> received = counters();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();

    private static Map<PacketType, LongAdder> counters() {
        Map<PacketType, LongAdder> m = new EnumMap<>(PacketType.class);
        for (PacketType t : PacketType.values()) {
            m.put(t, new LongAdder());
        }
        return m;
    }

    /** A packet of {@code bytes} serialized bytes handed to the transporter. */
    public void sent(PacketType type, int bytes) {
        counter(sent, type).increment();
        bytesSent.add(bytes);
    }

    /** A packet of {@code bytes} serialized bytes delivered by the transporter. */
    public void received(PacketType type, int bytes) {
        counter(received, type).increment();
        bytesReceived.add(bytes);
    }

    private static LongAdder counter(Map<PacketType, LongAdder> m, PacketType type) {
        LongAdder c = m.get(type);
        if (c == null) {
            throw new IllegalStateException("no counter for " + type);
        }
        return c;
    }

    public TransportStatistics snapshot() {
        Map<String, Long> s = new java.util.TreeMap<>();
        Map<String, Long> r = new java.util.TreeMap<>();
        long ns = 0;
        long nr = 0;
        for (PacketType t : PacketType.values()) {
            long a = counter(sent, t).sum();
            long b = counter(received, t).sum();
            ns += a;
            nr += b;
            if (a > 0) {
                s.put(t.command(), a);
            }
            if (b > 0) {
                r.put(t.command(), b);
            }
        }
        return new TransportStatistics(ns, bytesSent.sum(), nr, bytesReceived.sum(), s, r);
    }
}
