package io.mycelium.internal.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.internal.util.Json;
import io.mycelium.protocol.EventPacket;
import io.mycelium.protocol.RequestPacket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * What ties a call, one-way message or event to the call that made it, and travels with it to its handler.
 * The outbound side makes it from the calling context and the options, and builds the REQUEST or EVENT
 * packet, or the local handler's {@link CallContext}, from it; the inbound side reads it from the packet
 * and builds the handler's context from it. A context keeps its trace, and its own calls start from it.
 *
 * @param requestId the id shared by every call of one request tree; empty: the call's own id (a root call)
 * @param parentId the id of the calling context (or the span a tracer set), null at the root
 * @param level 1 for a call made outside any handler, the caller's level plus one inside one
 * @param caller the full name of the calling service, null outside a service
 * @param meta carried along; a handler's context owns its own copy and may change it
 * @param headers carried along, never changed
 * @param tracing the {@code tracing} flag, null when none was given
 * @param deadlineNanos {@link System#nanoTime()} of the deadline, 0 for none
 */
record CallTrace(
        String requestId,
        @Nullable String parentId,
        int level,
        @Nullable String caller,
        Map<String, Object> meta,
        Map<String, Object> headers,
        @Nullable Boolean tracing,
        long deadlineNanos) {

    /**
     * The trace of what {@code parent} (null: no handler) sends with these overrides: one level deeper,
     * under the parent's request, the parent's tracing flag unless overridden, no deadline yet.
     */
    static CallTrace outgoing(
            @Nullable CallContext parent,
            Map<String, Object> meta,
            Map<String, Object> headers,
            Optional<String> requestId,
            Optional<String> parentId,
            Optional<Boolean> tracing) {
        if (parent == null) {
            return new CallTrace(
                    requestId.orElse(""), parentId.orElse(null), 1, null, meta, headers, tracing.orElse(null), 0);
        }
        CallTrace up = parent.trace();
        return new CallTrace(
                requestId.isPresent() ? requestId.get() : parent.requestId(),
                parentId.isPresent() ? parentId.get() : parent.id(),
                up.level() + 1,
                parent.service().orElse(null),
                meta,
                headers,
                tracing.isPresent() ? tracing.get() : up.tracing(),
                0);
    }

    /**
     * The parent's meta with {@code extra} laid over it, as a new map; a shared empty one when both are empty
     * (read-only: whoever hands it to a handler copies it, see {@link #forHandler}).
     */
    static Map<String, Object> meta(@Nullable CallContext parent, Map<String, Object> extra) {
        if (parent == null && extra.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> meta = parent == null ? new LinkedHashMap<>() : new LinkedHashMap<>(parent.meta());
        meta.putAll(extra);
        return meta;
    }

    /** The trace a REQUEST carries, with the deadline its timeout sets on this node. */
    static CallTrace of(RequestPacket p, long deadlineNanos) {
        return new CallTrace(
                p.requestId().orElse(p.id()),
                p.parentId().orElse(null),
                p.level(),
                p.caller().orElse(null),
                Json.map(p.meta()),
                Json.map(p.headers()),
                p.tracing().orElse(null),
                deadlineNanos);
    }

    /** The trace an EVENT carries, with its meta and headers already read (once for all its handlers). */
    static CallTrace of(EventPacket p, Map<String, Object> meta, Map<String, Object> headers) {
        return new CallTrace(
                p.requestId().orElse(p.id()),
                p.parentId().orElse(null),
                p.level(),
                p.caller().orElse(null),
                meta,
                headers,
                p.tracing().orElse(null),
                0);
    }

    /** This trace with another deadline. */
    CallTrace withDeadline(long deadline) {
        return new CallTrace(requestId, parentId, level, caller, meta, headers, tracing, deadline);
    }

    /** This trace for one local handler: a meta of its own, and the deadline of this attempt. */
    CallTrace forHandler(long deadline) {
        return new CallTrace(requestId, parentId, level, caller, new LinkedHashMap<>(meta), headers, tracing, deadline);
    }

    /** The request id of a call or event whose own id is {@code id}. */
    String requestIdOr(String id) {
        return requestId.isEmpty() ? id : requestId;
    }

    /** The REQUEST of call {@code id}; {@code timeoutMillis} 0 for none. */
    RequestPacket request(
            String sender, String id, String action, JsonNode params, long timeoutMillis, boolean stream) {
        return new RequestPacket(
                sender,
                id,
                action,
                params,
                Json.objectTree(meta),
                Json.objectTree(headers),
                timeoutMillis,
                level,
                Optional.ofNullable(tracing),
                Optional.ofNullable(parentId),
                Optional.of(requestIdOr(id)),
                Optional.ofNullable(caller),
                stream,
                stream ? OptionalInt.of(0) : OptionalInt.empty());
    }

    /** The EVENT {@code id}, to the named groups or to all (empty), sent to one member each or broadcast. */
    EventPacket event(
            String sender, String id, String event, JsonNode data, Optional<List<String>> groups, boolean broadcast) {
        return new EventPacket(
                sender,
                id,
                event,
                data,
                groups,
                broadcast,
                Json.objectTree(meta),
                Json.objectTree(headers),
                level,
                Optional.ofNullable(tracing),
                Optional.ofNullable(parentId),
                Optional.of(requestIdOr(id)),
                Optional.ofNullable(caller),
                false,
                false,
                OptionalInt.empty());
    }
}
