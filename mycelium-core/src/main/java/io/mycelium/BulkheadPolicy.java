package io.mycelium;

/**
 * A bulkhead on each local action (Moleculer's {@code bulkhead}): at most {@code concurrency} calls of
 * the action run at once on this node; up to {@code maxQueueSize} more wait their turn (in arrival order,
 * never past their deadline); any further call fails at once with {@link QueueIsFullException} (429,
 * retryable, so a caller's retry policy moves it to another node). Immutable; set per broker with
 * {@link ServiceBroker.Builder#bulkhead} or per action with {@link ActionDefinition#withBulkhead}.
 *
 * @param enabled whether calls are limited (default false, as in Moleculer)
 * @param concurrency the most calls running at once (default 10)
 * @param maxQueueSize the most calls waiting (default 100)
 */
public record BulkheadPolicy(boolean enabled, int concurrency, int maxQueueSize) {

    private static final BulkheadPolicy DISABLED = new BulkheadPolicy(false, 10, 100);

    public BulkheadPolicy {
        if (concurrency < 1 || maxQueueSize < 0) {
            throw new IllegalArgumentException("concurrency must be >= 1 and maxQueueSize >= 0");
        }
    }

    /** No limit (the default). */
    public static BulkheadPolicy disabled() {
        return DISABLED;
    }

    /** Enabled with Moleculer's defaults: 10 at once, 100 waiting. */
    public static BulkheadPolicy defaults() {
        return new BulkheadPolicy(true, 10, 100);
    }

    /** Enabled: at most {@code concurrency} at once, {@code maxQueueSize} waiting. */
    public static BulkheadPolicy of(int concurrency, int maxQueueSize) {
        return new BulkheadPolicy(true, concurrency, maxQueueSize);
    }
}
