/**
 * The Moleculer protocol v5 as Java records: one {@link io.mycelium.protocol.Packet} record per packet
 * type, and the {@link io.mycelium.protocol.PacketType} table that maps them to broker topics and TCP
 * frame ids. Packets are immutable values and safe to share between threads.
 */
@NullMarked
package io.mycelium.protocol;

import org.jspecify.annotations.NullMarked;
