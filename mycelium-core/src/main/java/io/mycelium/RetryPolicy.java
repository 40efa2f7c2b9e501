package io.mycelium;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * How failed calls are retried (Moleculer's {@code retryPolicy}): failures that pass {@link #check()}
 * (by default the {@link MyceliumException#retryable() retryable} ones), at most {@link #retries()} times,
 * waiting {@link #delay()} and then {@code factor} times longer each time, never more than
 * {@link #maxDelay()}. A retry goes to another node than the ones that failed when there is one
 * (failover), and never past the call's deadline. Immutable; set per broker
 * ({@link ServiceBroker.Builder#retryPolicy}) or per call ({@link CallOptions.Builder#retryPolicy}).
 *
 * @param retries how many times to retry (0 = never: Moleculer's {@code enabled: false})
 * @param delay the wait before the first retry
 * @param maxDelay the longest wait
 * @param factor how much longer each next wait is (1 = constant)
 * @param check which failures are retried; called on the thread that completes the failed attempt
 */
public record RetryPolicy(int retries, Duration delay, Duration maxDelay, double factor, Predicate<Throwable> check) {

    /** Moleculer's default check: the error says it is retryable. */
    public static final Predicate<Throwable> RETRYABLE = e -> e instanceof MyceliumException me && me.retryable();

    private static final RetryPolicy NONE = of(0);

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
        if (delay.isNegative() || maxDelay.isNegative() || factor < 1) {
            throw new IllegalArgumentException("delay and maxDelay must be >= 0 and factor >= 1");
        }
    }

    /** A policy that retries {@link #RETRYABLE} failures. */
    public RetryPolicy(int retries, Duration delay, Duration maxDelay, double factor) {
        this(retries, delay, maxDelay, factor, RETRYABLE);
    }

    /** Never retry (the default, as Moleculer's {@code enabled: false}). */
    public static RetryPolicy none() {
        return NONE;
    }

    /** Moleculer's defaults when enabled: 5 retries, 100 ms, ×2, at most 1 s, retryable errors only. */
    public static RetryPolicy defaults() {
        return of(5);
    }

    /** Retry up to {@code retries} times with Moleculer's default back-off (100 ms, ×2, at most 1 s). */
    public static RetryPolicy of(int retries) {
        return new RetryPolicy(retries, Duration.ofMillis(100), Duration.ofSeconds(1), 2);
    }

    /** Retry with exponential back-off. */
    public static RetryPolicy exponential(int retries, Duration delay, Duration maxDelay, double factor) {
        return new RetryPolicy(retries, delay, maxDelay, factor);
    }

    /** Whether any retry is made (Moleculer's {@code enabled}). */
    public boolean enabled() {
        return retries > 0;
    }

    /** This policy with another number of retries. */
    public RetryPolicy withRetries(int retries) {
        return new RetryPolicy(retries, delay, maxDelay, factor, check);
    }

    /** This policy retrying the failures {@code check} accepts (Moleculer's {@code check}). */
    public RetryPolicy withCheck(Predicate<Throwable> check) {
        return new RetryPolicy(retries, delay, maxDelay, factor, check);
    }

    /** The wait before retry number {@code attempt} (1 for the first retry). */
    public Duration delayBefore(int attempt) {
        double millis = delay.toMillis() * Math.pow(factor, Math.max(0, attempt - 1));
        return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
    }
}
