package io.mycelium.transport.tcp;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Push back for stream readers: stops reading from the connection whose frame is being delivered, so the
 * kernel's receive window fills and the sender's writes wait. Several streams may pause one connection;
 * it reads again when the last of them resumes.
 */
final class ReadPause {
    private static final AttributeKey<AtomicInteger> PAUSES = AttributeKey.valueOf("mycelium.tcp.pauses");
    private static final ThreadLocal<@Nullable Channel> DELIVERING = new ThreadLocal<>();

    private ReadPause() {}

    /** Marks {@code channel} as the one whose frame this thread delivers (null when done). */
    static void delivering(@Nullable Channel channel) {
        if (channel == null) {
            DELIVERING.remove();
        } else {
            DELIVERING.set(channel);
        }
    }

    static Optional<Runnable> pauseCurrent() {
        Channel ch = DELIVERING.get();
        if (ch == null) {
            return Optional.empty();
        }
        AtomicInteger pauses = ch.attr(PAUSES).setIfAbsent(new AtomicInteger());
        if (pauses == null) {
            pauses = ch.attr(PAUSES).get();
        }
        AtomicInteger count = pauses;
        if (count.getAndIncrement() == 0) {
            ch.config().setAutoRead(false);
        }
        AtomicBoolean once = new AtomicBoolean();
        return Optional.of(() -> {
            if (once.compareAndSet(false, true) && count.decrementAndGet() == 0) {
                ch.config().setAutoRead(true);
            }
        });
    }
}
