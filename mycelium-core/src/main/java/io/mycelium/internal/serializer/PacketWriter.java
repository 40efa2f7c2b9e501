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
        gen.writeStringField(name, value);
    }

    void string(String name, Optional<String> value) throws IOException {
        gen.writeFieldName(name);
        if (value.isPresent()) {
            gen.writeString(value.get());
        } else {
            gen.writeNull();
        }
    }

    void number(String name, long value) throws IOException {
        gen.writeFieldName(name);
        TreeWriter.writeLong(value, gen, format);
    }

    void number(String name, OptionalInt value) throws IOException {
        if (value.isPresent()) {
            gen.writeNumberField(name, value.getAsInt());
        } else {
            gen.writeNullField(name);
        }
    }

    void bool(String name, boolean value) throws IOException {
        gen.writeBooleanField(name, value);
    }

    void nullField(String name) throws IOException {
        gen.writeNullField(name);
    }

    void bool(String name, Optional<Boolean> value) throws IOException {
        gen.writeFieldName(name);
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
                gen.writeFieldName(name);
                gen.writeRawValue(new RawJson(raw));
                return;
            }
        }
        if (!value.isMissingNode()) {
            gen.writeFieldName(name);
            TreeWriter.write(value, gen, format);
        }
    }

    void strings(String name, List<String> values) throws IOException {
        gen.writeFieldName(name);
        gen.writeStartArray(values, values.size());
        for (String value : values) {
            gen.writeString(value);
        }
        gen.writeEndArray();
    }
}
