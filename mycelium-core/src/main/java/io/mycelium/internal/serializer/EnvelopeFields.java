package io.mycelium.internal.serializer;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-level field names of Moleculer's packets, each with a slot number and its pre-encoded form. The
 * writer copies the encoded bytes instead of encoding the name char by char (a sixth of an event's
 * encoding time); the reader files each field under its slot, so a codec's lookup is one hash probe instead
 * of a scan comparing strings.
 */
final class EnvelopeFields {

    private static final List<String> NAMES = List.of(
            "ver",
            "sender",
            "id",
            "action",
            "event",
            "params",
            "data",
            "meta",
            "headers",
            "timeout",
            "level",
            "tracing",
            "parentID",
            "requestID",
            "caller",
            "stream",
            "seq",
            "groups",
            "broadcast",
            "needAck",
            "success",
            "error",
            "services",
            "config",
            "ipList",
            "hostname",
            "client",
            "instanceID",
            "metadata",
            "port",
            "host",
            "cpu",
            "time",
            "arrived",
            "online",
            "offline");

    /** How many slots there are; a slot is in {@code [0, COUNT)}. */
    static final int COUNT = NAMES.size();

    private static final Map<String, Integer> SLOTS = new HashMap<>();
    private static final SerializableString[] ENCODED = new SerializableString[COUNT];

    static {
        for (int i = 0; i < COUNT; i++) {
            SLOTS.put(NAMES.get(i), i);
            ENCODED[i] = new SerializedString(NAMES.get(i));
        }
    }

    private EnvelopeFields() {}

    /** The slot of a known name, or -1. */
    static int slot(String name) {
        Integer slot = SLOTS.get(name);
        return slot == null ? -1 : slot;
    }

    /** The name's pre-encoded form; {@code slot} from {@link #slot}, not -1. */
    static SerializableString encoded(int slot) {
        return ENCODED[slot];
    }
}
