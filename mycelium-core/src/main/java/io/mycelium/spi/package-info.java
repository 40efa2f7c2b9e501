/**
 * What extenders implement: {@link io.mycelium.spi.Transporter} (bytes to and from the network) and
 * {@link io.mycelium.spi.Serializer} (packets to and from bytes), each found through
 * {@link java.util.ServiceLoader} by its provider's URL scheme or name.
 */
@NullMarked
package io.mycelium.spi;

import org.jspecify.annotations.NullMarked;
