package io.mycelium.internal.serializer;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The top-level fields of Moleculer's packets. The writer copies each name's pre-encoded bytes instead of
 * encoding it char by char (14 % of the emitting thread's samples in the event benchmark's profile); the
 * reader files each field under its ordinal, so a codec's lookup is an array read instead of a scan
 * comparing strings.
 */
enum Field {
    VER("ver"),
    SENDER("sender"),
    ID("id"),
    ACTION("action"),
    EVENT("event"),
    PARAMS("params"),
    DATA("data"),
    META("meta"),
    HEADERS("headers"),
    TIMEOUT("timeout"),
    LEVEL("level"),
    TRACING("tracing"),
    PARENT_ID("parentID"),
    REQUEST_ID("requestID"),
    CALLER("caller"),
    STREAM("stream"),
    SEQ("seq"),
    GROUPS("groups"),
    BROADCAST("broadcast"),
    NEED_ACK("needAck"),
    SUCCESS("success"),
    ERROR("error"),
    SERVICES("services"),
    CONFIG("config"),
    IP_LIST("ipList"),
    HOSTNAME("hostname"),
    CLIENT("client"),
    INSTANCE_ID("instanceID"),
    METADATA("metadata"),
    PORT("port"),
    HOST("host"),
    CPU("cpu"),
    TIME("time"),
    ARRIVED("arrived"),
    ONLINE("online"),
    OFFLINE("offline");

    static final int COUNT = values().length;
    private static final Map<String, Field> BY_NAME = new HashMap<>();

    static {
        for (Field field : values()) {
            BY_NAME.put(field.wireName, field);
        }
    }

    private final String wireName;
    private final SerializableString encoded;

    Field(String wireName) {
        this.wireName = wireName;
        this.encoded = new SerializedString(wireName);
    }

    /** The field of this name on the wire, or {@code null} for a name the protocol does not define. */
    static @Nullable Field named(String wireName) {
        return BY_NAME.get(wireName);
    }

    SerializableString encoded() {
        return encoded;
    }

    /** The name on the wire, so that messages naming a field read as before. */
    @Override
    public String toString() {
        return wireName;
    }
}
