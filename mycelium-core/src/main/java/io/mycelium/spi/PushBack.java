package io.mycelium.spi;

import java.util.Optional;

/**
 * How a slow reader of an inbound byte stream slows its sender down: it stops the transport reading from
 * the connection that carried a packet, so the sender's writes wait (TCP: the receive window fills). Each
 * packet's {@link Delivery#pushBack()} hands it over with the packet, so the stream the packet feeds pauses
 * that connection and no other.
 *
 * <p>Implementations are <b>thread-safe</b>: {@link #pause} may be called from any thread, and the resume
 * handle it returns too. Several readers may pause one connection: it reads again once the last of them has
 * resumed.
 */
@FunctionalInterface
public interface PushBack {

    /** For transports that cannot push back (broker transporters deliver from a shared subscription). */
    PushBack NONE = Optional::empty;

    /**
     * Stops reading from the connection until the returned handle runs (running it again does nothing), or
     * returns nothing when this transport cannot push back. Never blocks.
     */
    Optional<Runnable> pause();
}
