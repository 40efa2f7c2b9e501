/**
 * Fault-tolerance policies: the circuit breakers the router consults per endpoint, and the bulkhead and
 * fallback of local actions, built on the {@link io.mycelium.spi.Middleware} SPI. Not API.
 */
@NullMarked
package io.mycelium.internal.fault;

import org.jspecify.annotations.NullMarked;
