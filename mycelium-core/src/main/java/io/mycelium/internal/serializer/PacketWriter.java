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

    void string(Field name, String value) throws IOException {
        name(name);
        gen.writeString(value);
    }

    void string(Field name, Optional<String> value) throws IOException {
        name(name);
        if (value.isPresent()) {
            gen.writeString(value.get());
        } else {
            gen.writeNull();
        }
    }

    void number(Field name, long value) throws IOException {
        name(name);
        TreeWriter.writeLong(value, gen, format);
    }

    void number(Field name, OptionalInt value) throws IOException {
        name(name);
        if (value.isPresent()) {
            gen.writeNumber(value.getAsInt());
        } else {
            gen.writeNull();
        }
    }

    void bool(Field name, boolean value) throws IOException {
        name(name);
        gen.writeBoolean(value);
    }

    void nullField(Field name) throws IOException {
        name(name);
        gen.writeNull();
    }

    void bool(Field name, Optional<Boolean> value) throws IOException {
        name(name);
        if (value.isPresent()) {
            gen.writeBoolean(value.get());
        } else {
            gen.writeNull();
        }
    }

    /** A dynamic value; a {@link com.fasterxml.jackson.databind.node.MissingNode} writes nothing. */
    void tree(Field name, JsonNode value) throws IOException {
        if (!value.isMissingNode()) {
            name(name);
            value(value);
        }
    }

    /** A field the protocol does not define (INFO relays them), written like {@link #tree}. */
    void extra(String name, JsonNode value) throws IOException {
        if (!value.isMissingNode()) {
            gen.writeFieldName(name);
            value(value);
        }
    }

    private void value(JsonNode value) throws IOException {
        if (value instanceof LazyObjectNode lazy) {
            byte @Nullable [] raw = lazy.untouchedBytes(format);
            if (raw != null) {
                // Never parsed, so never changed: its bytes are the value, in this format.
                gen.writeRawValue(new RawJson(raw));
                return;
            }
        }
        TreeWriter.write(value, gen, format);
    }

    void strings(Field name, List<String> values) throws IOException {
        name(name);
        gen.writeStartArray(values, values.size());
        for (String value : values) {
            gen.writeString(value);
        }
        gen.writeEndArray();
    }

    private void name(Field name) throws IOException {
        gen.writeFieldName(name.encoded());
    }
}
