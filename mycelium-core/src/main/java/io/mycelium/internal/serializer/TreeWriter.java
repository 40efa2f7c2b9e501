package io.mycelium.internal.serializer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.util.Map;

/**
 * Writes a Jackson tree straight to a generator, without the serializer lookup of {@code writeTree}, and
 * writes bytes and wide integers the way the peer's decoder wants them.
 */
final class TreeWriter {

    private static final long MAX_CBOR_INT = 0xFFFF_FFFFL;
    private static final long MIN_CBOR_INT = -0x1_0000_0000L;

    private TreeWriter() {}

    static void write(JsonNode node, JsonGenerator gen, WireFormat format) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                gen.writeStartObject(node, node.size());
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    gen.writeFieldName(field.getKey());
                    write(field.getValue(), gen, format);
                }
                gen.writeEndObject();
            }
            case ARRAY -> {
                gen.writeStartArray(node, node.size());
                for (JsonNode element : node) {
                    write(element, gen, format);
                }
                gen.writeEndArray();
            }
            case STRING -> writeText(node.textValue(), gen, format);
            case NUMBER -> writeNumber(node, gen, format);
            case BOOLEAN -> gen.writeBoolean(node.booleanValue());
            case BINARY -> writeBinary(node.binaryValue(), gen, format);
            case POJO -> gen.writeObject(((POJONode) node).getPojo());
            case NULL, MISSING -> gen.writeNull();
        }
    }

    /** A long plain ASCII string in JSON is copied as bytes ({@link PlainText}); any other is Jackson's. */
    static void writeText(String text, JsonGenerator gen, WireFormat format) throws IOException {
        if (format == WireFormat.JSON && text.length() >= PlainText.MIN_LENGTH && gen instanceof UTF8JsonGenerator) {
            byte[] plain = PlainText.asciiBytes(text);
            if (plain != null) {
                gen.writeRawUTF8String(plain, 0, plain.length);
                return;
            }
        }
        gen.writeString(text);
    }

    /** Bytes as native binary, or as Node's {@code {"type":"Buffer","data":[...]}} in JSON. */
    static void writeBinary(byte[] bytes, JsonGenerator gen, WireFormat format) throws IOException {
        if (format.nativeBinary()) {
            gen.writeBinary(bytes);
            return;
        }
        gen.writeStartObject(bytes, 2);
        gen.writeStringField("type", "Buffer");
        gen.writeFieldName("data");
        gen.writeStartArray(bytes, bytes.length);
        for (byte b : bytes) {
            gen.writeNumber(b & 0xFF);
        }
        gen.writeEndArray();
        gen.writeEndObject();
    }

    /**
     * A long. In CBOR, cbor-x (Moleculer's CBOR library) decodes 8-byte integers as JavaScript
     * {@code BigInt}, which breaks arithmetic such as {@code Date.now() - payload.time}; it encodes such
     * numbers as float64 itself, so we do the same.
     */
    static void writeLong(long value, JsonGenerator gen, WireFormat format) throws IOException {
        if (format == WireFormat.CBOR && (value > MAX_CBOR_INT || value < MIN_CBOR_INT)) {
            gen.writeNumber((double) value);
        } else {
            gen.writeNumber(value);
        }
    }

    /**
     * A float or double. JSON has no infinity or NaN (a {@code 1e400} reads as infinity): they are written as
     * {@code null}, as {@code JSON.stringify} does, instead of Jackson's quoted {@code "Infinity"} (found by
     * fuzzing, docs/fuzzing.md). MsgPack and CBOR carry them natively.
     */
    private static void writeDouble(JsonNode node, JsonGenerator gen, WireFormat format) throws IOException {
        if (format == WireFormat.JSON && !Double.isFinite(node.doubleValue())) {
            gen.writeNull();
        } else if (node.numberType() == JsonParser.NumberType.FLOAT) {
            gen.writeNumber(node.floatValue());
        } else {
            gen.writeNumber(node.doubleValue());
        }
    }

    private static void writeNumber(JsonNode node, JsonGenerator gen, WireFormat format) throws IOException {
        switch (node.numberType()) {
            case INT -> gen.writeNumber(node.intValue());
            case LONG -> writeLong(node.longValue(), gen, format);
            case BIG_INTEGER -> gen.writeNumber(node.bigIntegerValue());
            case FLOAT, DOUBLE -> writeDouble(node, gen, format);
            case BIG_DECIMAL -> gen.writeNumber(node.decimalValue());
        }
    }
}
