package io.mycelium.cli;

import java.io.InputStream;

/**
 * The bytes of {@code demo.generate {size, seed}}: byte i is the low byte of the i-th step of a 64-bit
 * xorshift generator (shifts 13, 7, 17) started at {@code seed} (0 counts as 0x9E3779B97F4A7C15). Anyone can
 * recompute them, so a receiver can check what it got without the sender's help.
 */
final class DemoBytes extends InputStream {
    private final long size;
    private long position;
    private long state;

    DemoBytes(long size, long seed) {
        this.size = size;
        this.state = seed != 0 ? seed : 0x9E3779B97F4A7C15L;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        long s = state;
        for (int i = 0; i < n; i++) {
            s ^= s << 13;
            s ^= s >>> 7;
            s ^= s << 17;
            b[off + i] = (byte) s;
        }
        state = s;
        position += n;
        return n;
    }
}
