package io.mycelium.gateway;

import java.io.InputStream;

/** {@code size} deterministic bytes (byte {@code i} is a function of {@code i}), made as read: nothing held. */
final class Patterned extends InputStream {
    private final long size;
    private long position;

    Patterned(long size) {
        this.size = size;
    }

    static byte at(long i) {
        return (byte) (i * 31 + (i >>> 11));
    }

    @Override
    public int read() {
        return position < size ? at(position++) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        for (int i = 0; i < n; i++) {
            b[off + i] = at(position + i);
        }
        position += n;
        return n;
    }
}
