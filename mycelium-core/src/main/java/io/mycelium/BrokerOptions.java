package io.mycelium;

import io.mycelium.spi.Discoverer;
import io.mycelium.spi.Middleware;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.Strategy;
import io.mycelium.spi.Transporter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The settings of one broker, as made by {@link ServiceBroker.Builder}. Immutable.
 *
 * @param nodeId this node's id
 * @param namespace the namespace (empty for none); only nodes of the same namespace see each other
 * @param transporterUrl the transporter URL, when chosen by URL
 * @param transporter the transporter instance, when given directly
 * @param serializerName the serializer name, when chosen by name
 * @param serializer the serializer instance, when given directly
 * @param requestTimeout the default call timeout; zero means none
 * @param retryPolicy the default retry policy
 * @param heartbeatInterval how often this node sends HEARTBEAT
 * @param heartbeatTimeout how long a silent node stays available
 * @param offlineNodeTimeout how long an unavailable node is remembered
 * @param preferLocal whether local endpoints are preferred over remote ones
 * @param strategy the balancing strategy
 * @param maxCallLevel the deepest call chain accepted; 0 means no limit
 * @param disableBalancer whether the message broker balances instead (when the transporter supports it)
 * @param gracefulStopTimeout how long stop waits for handlers in flight
 * @param metadata this node's metadata, announced in INFO
 * @param handlerExecutor where handlers run; empty means a virtual thread per handler
 * @param streams chunk size, receive buffer and idle timeout of byte streams
 * @param duplicateIdCheck how long start waits, at most, for another live instance with this node id to
 *     answer (it then fails with {@link DuplicateNodeIdException}); zero skips the check
 * @param discovererUrl the discoverer URL (such as {@code redis://127.0.0.1:6379}), when chosen by URL
 * @param discoverer the discoverer instance, when given directly; with neither, the transporter carries
 *     discovery (DISCOVER, INFO and HEARTBEAT packets)
 * @param middlewares the middlewares, outermost first
 * @param circuitBreaker the circuit breaker of every endpoint this node calls
 * @param bulkhead the bulkhead of every local action that sets none of its own
 * @param statistics whether calls and events are counted and timed ({@link ServiceBroker#statistics()})
 */
public record BrokerOptions(
        String nodeId,
        String namespace,
        Optional<String> transporterUrl,
        Optional<Transporter> transporter,
        Optional<String> serializerName,
        Optional<Serializer> serializer,
        Duration requestTimeout,
        RetryPolicy retryPolicy,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Duration offlineNodeTimeout,
        boolean preferLocal,
        Strategy strategy,
        int maxCallLevel,
        boolean disableBalancer,
        Duration gracefulStopTimeout,
        Map<String, Object> metadata,
        Optional<ExecutorService> handlerExecutor,
        StreamSettings streams,
        Duration duplicateIdCheck,
        Optional<String> discovererUrl,
        Optional<Discoverer> discoverer,
        List<Middleware> middlewares,
        CircuitBreakerPolicy circuitBreaker,
        BulkheadPolicy bulkhead,
        boolean statistics) {

    public BrokerOptions {
        metadata = Map.copyOf(metadata);
        middlewares = List.copyOf(middlewares);
    }
}
