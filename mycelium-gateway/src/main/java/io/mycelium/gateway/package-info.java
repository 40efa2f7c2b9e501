/**
 * The WebSocket gateway: programs outside the mesh attach over a WebSocket speaking amqp-swarm's client
 * protocol, each as a client node addressable by its ID from anywhere in the mesh. Start with
 * {@link io.mycelium.gateway.Gateway#builder(io.mycelium.ServiceBroker)}; Java programs outside the mesh
 * use {@link io.mycelium.gateway.GatewayClient}.
 */
@NullMarked
package io.mycelium.gateway;

import org.jspecify.annotations.NullMarked;
