package io.mycelium;

import java.time.Duration;

/**
 * How failed calls are retried: only {@link MyceliumException#retryable() retryable} failures, at most
 * {@link #retries()} times, waiting {@link #delay()} and then {@code factor} times longer each time, never
 * more than {@link #maxDelay()}. A retry never goes past the call's deadline. Immutable.
 *
 * @param retries how many times to retry (0 = never)
 * @param delay the wait before the first retry
 * @param maxDelay the longest wait
 * @param factor how much longer each next wait is (1 = constant)
 */
public record RetryPolicy(int retries, Duration delay, Duration maxDelay, double factor) {

    private static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofMillis(100), Duration.ofSeconds(1), 2);

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
        if (delay.isNegative() || maxDelay.isNegative() || factor < 1) {
            throw new IllegalArgumentException("delay and maxDelay must be >= 0 and factor >= 1");
        }
    }

    /** Never retry (the default). */
    public static RetryPolicy none() {
        return NONE;
    }

    /** Retry up to {@code retries} times with Moleculer's default back-off (100 ms, ×2, at most 1 s). */
    public static RetryPolicy of(int retries) {
        return new RetryPolicy(retries, Duration.ofMillis(100), Duration.ofSeconds(1), 2);
    }

    /** Retry with exponential back-off. */
    public static RetryPolicy exponential(int retries, Duration delay, Duration maxDelay, double factor) {
        return new RetryPolicy(retries, delay, maxDelay, factor);
    }

    /** This policy with another number of retries. */
    public RetryPolicy withRetries(int retries) {
        return new RetryPolicy(retries, delay, maxDelay, factor);
    }

    /** The wait before retry number {@code attempt} (1 for the first retry). */
    public Duration delayBefore(int attempt) {
        double millis = delay.toMillis() * Math.pow(factor, Math.max(0, attempt - 1));
        return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
    }
}
