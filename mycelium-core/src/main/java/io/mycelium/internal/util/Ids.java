package io.mycelium.internal.util;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Cheap unique ids: a random per-broker prefix and a counter (no SecureRandom per id). */
public final class Ids {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public Ids(String nodeId) {
        long random = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        this.prefix = nodeId + "-" + Long.toString(random, 36) + "-";
    }

    public String next() {
        return prefix + Long.toString(counter.incrementAndGet(), 36);
    }
}
