package io.mycelium.spi;

import io.mycelium.protocol.InfoPacket;
import java.util.Optional;

/**
 * What the registry knows of one node at one instant, for transporters that gossip. {@code seq} is the
 * INFO sequence number; {@code cpuSeq} grows with every CPU update.
 */
public record NodeSnapshot(
        String nodeId, boolean local, boolean available, long seq, long cpuSeq, int cpu, Optional<InfoPacket> info) {}
