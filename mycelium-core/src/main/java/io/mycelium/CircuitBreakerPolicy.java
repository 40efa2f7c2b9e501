package io.mycelium;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * A circuit breaker per endpoint, one action on one node (Moleculer's {@code circuitBreaker}). In each
 * window of {@code windowTime}, once at least {@code minRequestCount} calls to the endpoint ended and the
 * share of them that failed {@link #check()} reached {@code threshold}, the circuit opens: the endpoint
 * gets no calls (others serving the action get them; with none left the call fails with
 * {@link ServiceNotAvailableException}). After {@code halfOpenTime} one call goes through as a probe: its
 * success closes the circuit, its failure opens it again. Immutable; set per broker with
 * {@link ServiceBroker.Builder#circuitBreaker}.
 *
 * @param enabled whether circuits are kept (default false, as in Moleculer)
 * @param threshold the failed share (0..1] that opens the circuit (default 0.5)
 * @param windowTime the window the counts are kept over (default 60 s)
 * @param minRequestCount the fewest ended calls in a window before it may open (default 20)
 * @param halfOpenTime how long a circuit stays open before a probe (default 10 s)
 * @param check which failures count (default: code 500 and above, timeouts included)
 */
public record CircuitBreakerPolicy(
        boolean enabled,
        double threshold,
        Duration windowTime,
        int minRequestCount,
        Duration halfOpenTime,
        Predicate<Throwable> check) {

    /** Moleculer's default check: a server-side failure (code 500 and above). */
    public static final Predicate<Throwable> SERVER_ERROR =
            e -> !(e instanceof MyceliumException me) || me.code() >= 500;

    private static final CircuitBreakerPolicy DISABLED = defaults().withEnabled(false);

    public CircuitBreakerPolicy {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
        }
        if (windowTime.isNegative() || windowTime.isZero() || halfOpenTime.isNegative() || minRequestCount < 1) {
            throw new IllegalArgumentException("windowTime must be positive, halfOpenTime >= 0, minRequestCount >= 1");
        }
    }

    /** No circuits (the default). */
    public static CircuitBreakerPolicy disabled() {
        return DISABLED;
    }

    /** Enabled, with Moleculer's defaults: 0.5, 60 s, 20 calls, 10 s, code >= 500. */
    public static CircuitBreakerPolicy defaults() {
        return new CircuitBreakerPolicy(true, 0.5, Duration.ofSeconds(60), 20, Duration.ofSeconds(10), SERVER_ERROR);
    }

    /** This policy switched on or off. */
    public CircuitBreakerPolicy withEnabled(boolean enabled) {
        return new CircuitBreakerPolicy(enabled, threshold, windowTime, minRequestCount, halfOpenTime, check);
    }

    /** This policy with another threshold. */
    public CircuitBreakerPolicy withThreshold(double threshold) {
        return new CircuitBreakerPolicy(enabled, threshold, windowTime, minRequestCount, halfOpenTime, check);
    }

    /** This policy with another window. */
    public CircuitBreakerPolicy withWindowTime(Duration windowTime) {
        return new CircuitBreakerPolicy(enabled, threshold, windowTime, minRequestCount, halfOpenTime, check);
    }

    /** This policy with another minimum of calls per window. */
    public CircuitBreakerPolicy withMinRequestCount(int minRequestCount) {
        return new CircuitBreakerPolicy(enabled, threshold, windowTime, minRequestCount, halfOpenTime, check);
    }

    /** This policy with another time before the half-open probe. */
    public CircuitBreakerPolicy withHalfOpenTime(Duration halfOpenTime) {
        return new CircuitBreakerPolicy(enabled, threshold, windowTime, minRequestCount, halfOpenTime, check);
    }

    /** This policy counting the failures {@code check} accepts. */
    public CircuitBreakerPolicy withCheck(Predicate<Throwable> check) {
        return new CircuitBreakerPolicy(enabled, threshold, windowTime, minRequestCount, halfOpenTime, check);
    }
}
