package io.mycelium.transport.redis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off: the first delay doubled each attempt, capped, with ±20% jitter. */
record Backoff(Duration first, Duration max) {

    Duration delay(long attempt) {
        long shift = Math.min(Math.max(attempt - 1, 0), 20);
        long millis = Math.min(first.toMillis() << shift, max.toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (millis * jitter)));
    }
}
