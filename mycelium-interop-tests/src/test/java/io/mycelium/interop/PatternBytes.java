package io.mycelium.interop;

import io.mycelium.ErrorDetails;
import io.mycelium.MyceliumException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic bytes for the stream scenarios, identical to the Node side's {@code bytes.js}: byte i of
 * pattern (size, seed) is the low byte of the i-th step of a 32-bit xorshift generator started at
 * {@code seed}. Each side checks by SHA-256 what the other sent.
 */
final class PatternBytes {
    private PatternBytes() {}

    /** A stream of {@code size} pattern bytes. */
    static InputStream stream(long size, int seed) {
        return new Generator(size, seed, -1);
    }

    /**
     * A stream of pattern bytes that fails once {@code failAt} bytes were read, with a
     * {@code GENERATOR_FAILED} error (code 500, data {@code {at}}), as a source failing midway would.
     */
    static InputStream failing(long size, int seed, long failAt) {
        return new Generator(size, seed, failAt);
    }

    static String sha256(long size, int seed) {
        try (InputStream in = stream(size, seed)) {
            return digest(in).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Digest(String sha256, long bytes) {}

    /** Reads {@code in} to its end. */
    static Digest digest(InputStream in) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) != -1; ) {
            md.update(buf, 0, n);
            total += n;
        }
        return new Digest(HexFormat.of().formatHex(md.digest()), total);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static final class Generator extends InputStream {
        private final long size;
        private final long failAt;
        private long position;
        private int state;

        Generator(long size, int seed, long failAt) {
            this.size = size;
            this.failAt = failAt;
            this.state = seed != 0 ? seed : 0x2545f491;
        }

        private int next() {
            int s = state;
            s ^= s << 13;
            s ^= s >>> 17;
            s ^= s << 5;
            state = s;
            return s & 0xff;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (failAt >= 0 && position >= failAt) {
                throw new MyceliumException(ErrorDetails.of(
                        "GeneratorError",
                        "generator failed after " + position + " bytes",
                        500,
                        "GENERATOR_FAILED",
                        NodePeer.JSON.createObjectNode().put("at", position),
                        false));
            }
            long end = failAt >= 0 ? Math.min(size, failAt) : size;
            if (position >= end) {
                return -1;
            }
            int n = (int) Math.min(len, end - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) next();
            }
            position += n;
            return n;
        }
    }
}
