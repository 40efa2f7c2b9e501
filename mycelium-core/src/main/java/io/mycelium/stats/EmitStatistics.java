package io.mycelium.stats;

/**
 * The events this node sent out under one name.
 *
 * @param event the event name
 * @param emitted {@code emit} calls (one handler per group)
 * @param broadcast {@code broadcast} calls (every handler)
 * @param broadcastLocal {@code broadcastLocal} calls (every handler on this node)
 */
public record EmitStatistics(String event, long emitted, long broadcast, long broadcastLocal) {}
