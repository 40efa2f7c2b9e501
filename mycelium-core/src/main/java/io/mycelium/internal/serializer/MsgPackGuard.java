package io.mycelium.internal.serializer;

import org.jspecify.annotations.Nullable;

/**
 * Walks the structure of MsgPack bytes without decoding them, before msgpack-core sees them: msgpack-core
 * allocates whatever length a header claims (4 GiB for a forged {@code bin32}) and has no nesting limit.
 * One linear pass, no allocation but a small stack of counters.
 */
final class MsgPackGuard {

    private MsgPackGuard() {}

    /**
     * Returns why the bytes are not exactly one well-formed MsgPack value nested at most {@code maxDepth}
     * deep, or {@code null} when they are.
     */
    static @Nullable String check(byte[] b, int maxDepth) {
        long[] remaining = new long[maxDepth + 1];
        remaining[0] = 1;
        int depth = 0;
        int pos = 0;
        while (true) {
            while (depth > 0 && remaining[depth] == 0) {
                depth--;
            }
            if (remaining[depth] == 0) {
                break;
            }
            remaining[depth]--;
            if (pos >= b.length) {
                return "truncated at byte " + pos;
            }
            int t = b[pos++] & 0xFF;
            long skip = 0;
            long children = 0;
            boolean container = false;
            if (t <= 0x7F || t >= 0xE0) {
                // fixint
            } else if (t <= 0x8F) {
                children = 2L * (t & 0x0F);
                container = true;
            } else if (t <= 0x9F) {
                children = t & 0x0F;
                container = true;
            } else if (t <= 0xBF) {
                skip = t & 0x1F;
            } else {
                int width = lengthWidth(t);
                if (width > b.length - pos) {
                    return "truncated at byte " + pos;
                }
                long length = width == 0 ? 0 : readUnsigned(b, pos, width);
                pos += width;
                switch (t) {
                    case 0xC1 -> {
                        return "reserved byte 0xc1 at " + (pos - 1);
                    }
                    case 0xC4, 0xC5, 0xC6, 0xD9, 0xDA, 0xDB -> skip = length;
                    case 0xC7, 0xC8, 0xC9 -> skip = length + 1;
                    case 0xDC, 0xDD -> {
                        children = length;
                        container = true;
                    }
                    case 0xDE, 0xDF -> {
                        children = 2 * length;
                        container = true;
                    }
                    default -> skip = fixedSize(t);
                }
            }
            if (skip > b.length - pos) {
                return "a length of " + skip + " runs past the end of the packet";
            }
            pos += (int) skip;
            if (container && depth == maxDepth) {
                return "nested deeper than " + maxDepth;
            }
            if (children > 0) {
                if (children > b.length - pos) {
                    return "a count of " + children + " runs past the end of the packet";
                }
                remaining[++depth] = children;
            }
        }
        return pos == b.length ? null : "trailing bytes after the packet";
    }

    /** Bytes of the length field that follows a type byte from 0xc0 up. */
    private static int lengthWidth(int t) {
        return switch (t) {
            case 0xC4, 0xC7, 0xD9 -> 1;
            case 0xC5, 0xC8, 0xDA, 0xDC, 0xDE -> 2;
            case 0xC6, 0xC9, 0xDB, 0xDD, 0xDF -> 4;
            default -> 0;
        };
    }

    /** Payload size of the fixed-size types: nil, booleans, numbers, fixext. */
    private static long fixedSize(int t) {
        return switch (t) {
            case 0xCC, 0xD0 -> 1;
            case 0xCD, 0xD1, 0xD4 -> 2;
            case 0xD5 -> 3;
            case 0xCA, 0xCE, 0xD2 -> 4;
            case 0xD6 -> 5;
            case 0xCB, 0xCF, 0xD3 -> 8;
            case 0xD7 -> 9;
            case 0xD8 -> 17;
            default -> 0; // 0xc0 nil, 0xc2 false, 0xc3 true
        };
    }

    private static long readUnsigned(byte[] b, int pos, int width) {
        long value = 0;
        for (int i = 0; i < width; i++) {
            value = (value << 8) | (b[pos + i] & 0xFF);
        }
        return value;
    }
}
