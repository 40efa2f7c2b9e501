package io.mycelium;

import java.time.Duration;

/**
 * The answer of one node to a ping.
 *
 * @param nodeId the node that answered
 * @param elapsed round-trip time
 * @param timeDiff estimated clock difference (remote clock minus local clock)
 */
public record PingResult(String nodeId, Duration elapsed, Duration timeDiff) {}
