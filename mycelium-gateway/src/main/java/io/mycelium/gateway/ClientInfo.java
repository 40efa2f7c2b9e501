package io.mycelium.gateway;

import java.time.Instant;

/**
 * One attached client, as {@code $gateway.clients} lists it.
 *
 * @param id the client ID (the URL path it connected with, or a generated one)
 * @param gateway the node ID of the gateway holding it
 * @param since when it attached
 * @param remoteAddress the client's address as the gateway sees it
 */
public record ClientInfo(String id, String gateway, Instant since, String remoteAddress) {}
