package io.mycelium.spi;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One place that can serve an action or event: a service instance on a node, as a {@link Strategy}
 * sees it. Reads are cheap and thread-safe; values may change between two reads.
 */
public interface Endpoint {

    /** The node that serves it. */
    String nodeId();

    /** True when the node is this broker's own. */
    boolean local();

    /** The node's last reported CPU usage (0-100), if known. */
    OptionalInt cpu();

    /** The node's last measured round-trip time, if known. */
    Optional<Duration> latency();
}
