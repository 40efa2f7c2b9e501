package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event a {@link GatewayClient} received ({@code {type:"x-event", name, data, sender}}).
 *
 * @param name the event name
 * @param data its data ({@code NullNode} when none)
 * @param sender the node that emitted it
 */
public record ClientEvent(String name, JsonNode data, String sender) {}
