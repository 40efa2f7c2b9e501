package io.mycelium;

import java.time.Duration;

/**
 * How a broker moves byte streams (see {@link CallOptions.Builder#stream(java.io.InputStream)}).
 * Immutable; start from {@link #defaults()} and change what you need with the {@code with*} methods.
 *
 * @param maxChunkSize the largest chunk sent in one packet, in bytes; default 256 KiB, as Moleculer.
 *     Must fit the transporter's packet limit (the TCP transporter's default is 1 MiB).
 * @param bufferSize the most bytes a received stream keeps for a reader that has not read them yet;
 *     default 16 MiB. On a transporter that can push back (TCP), reading from the sending node pauses
 *     once half of it is used and resumes below a quarter, so the sender slows down; elsewhere, or when a
 *     pause does not help, the stream fails with {@link StreamOverflowException} when it is full.
 * @param idleTimeout how long a stream may make no progress (no chunk received, or no chunk taken by the
 *     peer while sending) before it fails with {@link StreamIdleTimeoutException}; default 30 s
 */
public record StreamSettings(int maxChunkSize, long bufferSize, Duration idleTimeout) {

    private static final StreamSettings DEFAULTS =
            new StreamSettings(256 * 1024, 16L * 1024 * 1024, Duration.ofSeconds(30));

    /** Checks the values. */
    public StreamSettings {
        if (maxChunkSize <= 0) {
            throw new IllegalArgumentException("maxChunkSize must be positive: " + maxChunkSize);
        }
        if (bufferSize < 2L * maxChunkSize) {
            throw new IllegalArgumentException("bufferSize must hold at least two chunks: " + bufferSize);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
    }

    /** 256 KiB chunks, a 16 MiB receive buffer, a 30 s idle timeout. */
    public static StreamSettings defaults() {
        return DEFAULTS;
    }

    /** These settings with another chunk size. */
    public StreamSettings withMaxChunkSize(int maxChunkSize) {
        return new StreamSettings(maxChunkSize, bufferSize, idleTimeout);
    }

    /** These settings with another receive buffer size. */
    public StreamSettings withBufferSize(long bufferSize) {
        return new StreamSettings(maxChunkSize, bufferSize, idleTimeout);
    }

    /** These settings with another idle timeout. */
    public StreamSettings withIdleTimeout(Duration idleTimeout) {
        return new StreamSettings(maxChunkSize, bufferSize, idleTimeout);
    }
}
