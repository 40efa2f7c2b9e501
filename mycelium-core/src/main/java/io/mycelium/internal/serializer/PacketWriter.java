package io.mycelium.internal.serializer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/** Field writers used by the codecs; an absent optional is written as {@code null}, as Moleculer does. */
final class PacketWriter {

    private final JsonGenerator gen;
    private final WireFormat format;

    PacketWriter(JsonGenerator gen, WireFormat format) {
        this.gen = gen;
        this.format = format;
    }

    void string(String name, String value) throws IOException {
        name(name);
        gen.writeString(value);
    }

    void string(String name, Optional<String> value) throws IOException {
        name(name);
        if (value.isPresent()) {
            gen.writeString(value.get());
        } else {
            gen.writeNull();
        }
    }

    void number(String name, long value) throws IOException {
        name(name);
        TreeWriter.writeLong(value, gen, format);
    }

    void number(String name, OptionalInt value) throws IOException {
        name(name);
        if (value.isPresent()) {
            gen.writeNumber(value.getAsInt());
        } else {
            gen.writeNull();
        }
    }

    void bool(String name, boolean value) throws IOException {
        name(name);
        gen.writeBoolean(value);
    }

    void nullField(String name) throws IOException {
        name(name);
        gen.writeNull();
    }

    void bool(String name, Optional<Boolean> value) throws IOException {
        name(name);
        if (value.isPresent()) {
            gen.writeBoolean(value.get());
        } else {
            gen.writeNull();
        }
    }

    /** A dynamic value; a {@link com.fasterxml.jackson.databind.node.MissingNode} writes nothing. */
    void tree(String name, JsonNode value) throws IOException {
        if (value instanceof LazyObjectNode lazy) {
            byte @Nullable [] raw = lazy.untouchedBytes(format);
            if (raw != null) {
                // Never parsed, so never changed: its bytes are the value, in this format.
                name(name);
                gen.writeRawValue(new RawJson(raw));
                return;
            }
        }
        if (!value.isMissingNode()) {
            name(name);
            TreeWriter.write(value, gen, format);
        }
    }

    void strings(String name, List<String> values) throws IOException {
        name(name);
        gen.writeStartArray(values, values.size());
        for (String value : values) {
            gen.writeString(value);
        }
        gen.writeEndArray();
    }

    /** A top-level field name, pre-encoded when it is one of the protocol's. */
    void name(String name) throws IOException {
        int slot = EnvelopeFields.slot(name);
        if (slot >= 0) {
            gen.writeFieldName(EnvelopeFields.encoded(slot));
        } else {
            gen.writeFieldName(name);
        }
    }
}
