package io.mycelium.transport.testkit;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A fast, deterministic byte stream of a given length for stream tests, with the SHA-256 of what it has
 * produced. Its bytes repeat with a prime period, so chunks delivered out of order or twice change the
 * digest on the receiving side. One reader thread.
 */
public final class PatternStream extends InputStream {
    private static final int PERIOD = 1_048_573; // prime: never aligned with chunk sizes
    private static final byte[] PATTERN = pattern();

    private final long length;
    private final MessageDigest digest = sha256();
    private long position;
    private final Consumer<PatternStream> onClose;
    private boolean closed;

    public PatternStream(long length) {
        this(length, s -> {});
    }

    /** A stream that tells {@code onClose} when it is closed (once). */
    public PatternStream(long length, Consumer<PatternStream> onClose) {
        this.length = length;
        this.onClose = onClose;
    }

    private static byte[] pattern() {
        byte[] p = new byte[PERIOD * 2];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < PERIOD; i++) {
            p[i] = (byte) random.nextInt(256);
        }
        System.arraycopy(p, 0, p, PERIOD, PERIOD);
        return p;
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hex of a finished digest. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(len, Math.min(length - position, PERIOD));
        System.arraycopy(PATTERN, (int) (position % PERIOD), b, off, n);
        digest.update(b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, length - position);
    }

    /** How many bytes were read. */
    public long position() {
        return position;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.accept(this);
        }
    }

    /** The SHA-256 (hex) of every byte read so far; call once, at the end. */
    public String sha() {
        return hex(digest);
    }
}
