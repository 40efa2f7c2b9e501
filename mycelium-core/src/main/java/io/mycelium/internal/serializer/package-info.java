/**
 * Not API. The packet serializers: JSON, MsgPack and CBOR share one packet-to-fields mapping per packet
 * type (the {@code *Codec} classes) and differ only in the Jackson factory of their {@link
 * io.mycelium.internal.serializer.WireFormat}. Everything here is stateless and thread-safe.
 */
@NullMarked
package io.mycelium.internal.serializer;

import org.jspecify.annotations.NullMarked;
