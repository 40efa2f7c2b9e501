/**
 * What extenders implement: {@link io.mycelium.spi.Transporter} (bytes to and from the network) and
 * {@link io.mycelium.spi.Serializer} (packets to and from bytes), each found through
 * {@link java.util.ServiceLoader} by its provider's URL scheme or name. Pieces the transporters share live
 * here once: {@link io.mycelium.spi.BalancedEndpoints} (what a node consumes from a balancing broker) and
 * {@link io.mycelium.spi.LivenessSchedule} (the timing of a broker transporter's liveness probe).
 * {@link io.mycelium.spi.Middleware} wraps what a broker sends and runs ({@link io.mycelium.spi.OutgoingCall},
 * {@link io.mycelium.spi.OutgoingEvent}, local handlers, start and stop); {@link io.mycelium.spi.BrokerFactory}
 * lets the public builder make the broker without naming its internal implementation.
 */
@NullMarked
package io.mycelium.spi;

import org.jspecify.annotations.NullMarked;
