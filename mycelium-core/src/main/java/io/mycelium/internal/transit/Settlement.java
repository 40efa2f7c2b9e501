package io.mycelium.internal.transit;

import io.mycelium.spi.Delivery;
import io.mycelium.spi.PushBack;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of one inbound packet's work, told to the transporter's {@link Delivery} exactly once: the first
 * {@link #settle} wins and later ones are ignored, so a path that settles "just in case" after a failure
 * cannot acknowledge twice. Whoever is handed a Settlement owns it and must settle it on every path (the
 * transporter may hold the packet unacknowledged until then). Thread-safe; never blocks.
 */
public final class Settlement {
    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

    private final Delivery delivery;
    private final AtomicBoolean settled = new AtomicBoolean();

    private Settlement(Delivery delivery) {
        this.delivery = delivery;
    }

    public static Settlement of(Delivery delivery) {
        return new Settlement(delivery);
    }

    /** For a packet no transporter waits on (gossip, tests). */
    public static Settlement none() {
        return new Settlement(Delivery.UNVERIFIED);
    }

    /** The work is over and must not be done again (a REQUEST answered, an EVENT's handlers ended). */
    public void handled() {
        settle(true);
    }

    /** This node did not do the work (dropped, could not answer): the transporter may let another try. */
    public void dropped() {
        settle(false);
    }

    public void settle(boolean handled) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        try {
            delivery.settled(handled);
        } catch (RuntimeException e) {
            LOG.warn("The transporter failed to settle a packet: {}", e.toString());
        }
    }

    /** A settlement that also tells {@code listener} how it was settled, after the transporter. */
    Settlement alsoTelling(Consumer<Boolean> listener) {
        Settlement inner = this;
        return new Settlement(new Delivery() {
            @Override
            public void settled(boolean handled) {
                inner.settle(handled);
                listener.accept(handled);
            }

            @Override
            public boolean redeliverable() {
                return inner.delivery.redeliverable();
            }

            @Override
            public boolean redelivered() {
                return inner.delivery.redelivered();
            }

            @Override
            public PushBack pushBack() {
                return inner.delivery.pushBack();
            }
        });
    }

    /** See {@link Delivery#redeliverable()}. */
    public boolean redeliverable() {
        return delivery.redeliverable();
    }

    /** See {@link Delivery#redelivered()}. */
    boolean redelivered() {
        return delivery.redelivered();
    }

    /** See {@link Delivery#pushBack()}: how a stream this packet feeds pauses its connection. */
    PushBack pushBack() {
        return delivery.pushBack();
    }

    /** Whether the packet is settled. */
    public boolean isSettled() {
        return settled.get();
    }
}
