package io.mycelium.spring.boot;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code mycelium.*} properties the broker bean is built from. Unset values keep the broker's own
 * defaults (see {@link io.mycelium.ServiceBroker.Builder}). Durations take Spring's forms ({@code 5s},
 * {@code 500ms}, {@code PT5S}; a bare number is milliseconds).
 *
 * <p>The {@code @param} texts below are what IDEs show for each property (they become the configuration
 * metadata), hence plain sentences.
 *
 * @param enabled Whether the starter makes a broker at all.
 * @param nodeId This node's ID, unique in the namespace. Default: the host name and process ID.
 * @param namespace The namespace: only nodes of the same namespace see each other.
 * @param transporter The transporter URL, e.g. tcp://, nats://127.0.0.1:4222, redis://, amqp://, mqtt:// or
 *     memory:// (in-process, for tests).
 * @param serializer The wire serializer: json, msgpack or cbor.
 * @param requestTimeout The default call timeout; 0 means none. Default: the broker's (10 s).
 * @param retry The default retry policy of calls.
 * @param heartbeatInterval How often this node sends HEARTBEAT. Default: the broker's (10 s).
 * @param heartbeatTimeout How long a silent node stays available. Default: the broker's (30 s).
 * @param preferLocal Whether endpoints on this node are preferred over remote ones.
 * @param maxCallLevel The deepest call chain accepted; 0 means no limit.
 * @param disableBalancer Let the message broker balance calls and events when the transporter can.
 * @param gracefulStopTimeout How long the broker waits for handlers in flight when the context closes.
 *     Default: the broker's (10 s).
 */
@ConfigurationProperties("mycelium")
public record MyceliumProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable String nodeId,
        @DefaultValue("") String namespace,
        @DefaultValue("tcp://") String transporter,
        @DefaultValue("json") String serializer,
        @Nullable Duration requestTimeout,
        @DefaultValue Retry retry,
        @Nullable Duration heartbeatInterval,
        @Nullable Duration heartbeatTimeout,
        @DefaultValue("true") boolean preferLocal,
        @DefaultValue("0") int maxCallLevel,
        @DefaultValue("false") boolean disableBalancer,
        @Nullable Duration gracefulStopTimeout) {

    /**
     * The default retry policy ({@code mycelium.retry.*}): {@code retries} more attempts after a retryable
     * failure, waiting {@code delay} times {@code factor} to the power of the attempt, at most
     * {@code maxDelay}.
     *
     * @param retries How many times a call that failed with a retryable error is retried; 0 means never.
     * @param delay The wait before the first retry.
     * @param maxDelay The longest wait between two attempts.
     * @param factor How much longer each wait is than the one before (1 or more).
     */
    public record Retry(
            @DefaultValue("0") int retries,
            @DefaultValue("100ms") Duration delay,
            @DefaultValue("1s") Duration maxDelay,
            @DefaultValue("2") double factor) {}

    /** {@link #nodeId()} when set and not blank. */
    public Optional<String> nodeIdIfSet() {
        return Optional.ofNullable(nodeId).filter(id -> !id.isBlank());
    }
}
