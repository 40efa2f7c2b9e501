package io.mycelium.internal.serializer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Long JSON strings that need no escaping, as the bytes to copy between the quotes. Jackson encodes a
 * string char by char against its escape table, which made a 16 KiB payload cost more to encode than to
 * send; {@link String#getBytes} of an ASCII string is a copy, and the check below reads eight bytes a step.
 */
final class PlainText {

    /** Below this, Jackson's own loop is as fast. */
    static final int MIN_LENGTH = 64;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    private PlainText() {}

    /**
     * The UTF-8 bytes of {@code text} when it is ASCII with no control character, quote or backslash (so
     * JSON writes it as it is), else {@code null}. Only ASCII: anything else goes through Jackson, which
     * also refuses an unpaired surrogate where {@code getBytes} would quietly write '?'.
     */
    static byte @Nullable [] asciiBytes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length != text.length()) {
            return null; // not all ASCII
        }
        int i = 0;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            if (needsEscape((long) LONGS.get(bytes, i))) {
                return null;
            }
        }
        for (; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b < 0x20 || b == '"' || b == '\\') {
                return null;
            }
        }
        return bytes;
    }

    /** Whether one of eight ASCII bytes is below 0x20, a quote or a backslash (bit tricks, no branch per byte). */
    static boolean needsEscape(long v) {
        long control = (v - 0x2020_2020_2020_2020L) & ~v & HIGHS;
        return (control | zeroByte(v ^ (ONES * '"')) | zeroByte(v ^ (ONES * '\\'))) != 0;
    }

    private static long zeroByte(long v) {
        return (v - ONES) & ~v & HIGHS;
    }
}
