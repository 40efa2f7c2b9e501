/**
 * The Mycelium API: {@link io.mycelium.ServiceBroker} (start, call, emit, broadcast, stop),
 * {@link io.mycelium.Service} definitions (a builder or annotations on a plain class), the handler's
 * {@link io.mycelium.Context}, call and emit options, and the typed exception hierarchy rooted at
 * {@link io.mycelium.MyceliumException}.
 */
@NullMarked
package io.mycelium;

import org.jspecify.annotations.NullMarked;
