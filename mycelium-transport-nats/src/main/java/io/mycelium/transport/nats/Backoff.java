package io.mycelium.transport.nats;

import io.nats.client.ReconnectDelayHandler;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off between reconnect attempts: the first delay doubled each try, capped, ±20% jitter. */
final class Backoff implements ReconnectDelayHandler {

    private final Duration first;
    private final Duration max;

    Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    @Override
    public Duration getWaitTime(long totalTries) {
        return delay(totalTries);
    }

    Duration delay(long attempt) {
        long shift = Math.min(Math.max(attempt - 1, 0), 20);
        long millis = Math.min(first.toMillis() << shift, max.toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (millis * jitter)));
    }
}
