package io.mycelium.opentelemetry;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The deterministic mapping between Moleculer's ids and OpenTelemetry's. Moleculer traces with its own ids:
 * a trace is {@code ctx.requestID}, a span is {@code ctx.id} and its parent {@code ctx.parentID}, all free
 * strings (UUIDs from Moleculer, whatever a node's id generator makes). OpenTelemetry needs 32 and 16 hex
 * digits. The mapping keeps what already fits and is the identity on what Mycelium itself sends, so both
 * ways agree:
 *
 * <ul>
 *   <li>trace id: the id without its dashes when that is 32 hex digits (a UUID, or an OpenTelemetry trace
 *       id sent by Mycelium), else a 128-bit hash of the id;
 *   <li>span id: the id when it is 16 hex digits (an OpenTelemetry span id sent by Mycelium), the last 16
 *       hex digits of the id without dashes when it has 32 (a UUID), else a 64-bit hash of the id.
 * </ul>
 *
 * A result that would be all zeros (invalid in OpenTelemetry) is hashed as well. Lower case throughout.
 */
public final class TraceIds {
    private TraceIds() {}

    /** The OpenTelemetry trace id (32 hex digits) of a Moleculer {@code requestID}. */
    public static String traceId(String requestId) {
        String hex = undashed(requestId);
        if (hex.length() == 32 && isHex(hex) && TraceId.isValid(hex)) {
            return hex;
        }
        long high = fnv(requestId, 0xcbf29ce484222325L);
        long low = fnv(requestId, 0x84222325cbf29ce4L);
        String id = TraceId.fromLongs(high, low);
        return TraceId.isValid(id) ? id : TraceId.fromLongs(1, low);
    }

    /** The OpenTelemetry span id (16 hex digits) of a Moleculer context id ({@code ctx.id}, {@code parentID}). */
    public static String spanId(String contextId) {
        String hex = undashed(contextId);
        if ((hex.length() == 16 || hex.length() == 32) && isHex(hex)) {
            String tail = hex.substring(hex.length() - 16);
            if (SpanId.isValid(tail)) {
                return tail;
            }
        }
        long hash = fnv(contextId, 0xcbf29ce484222325L);
        return SpanId.fromLong(hash == 0 ? 1 : hash);
    }

    private static String undashed(String id) {
        return id.indexOf('-') < 0
                ? id.toLowerCase(Locale.ROOT)
                : id.replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** FNV-1a over the UTF-8 bytes, from {@code seed}: stable across JVMs and releases. */
    private static long fnv(String s, long seed) {
        long h = seed;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
