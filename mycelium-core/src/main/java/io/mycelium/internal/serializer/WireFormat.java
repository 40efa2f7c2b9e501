package io.mycelium.internal.serializer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the serializers differ in: the Jackson factory, whether bytes travel natively (MsgPack, CBOR) or as
 * Node's {@code {"type":"Buffer","data":[...]}} object (JSON), and, for CBOR, how wide integers are
 * written ({@link TreeWriter#writeLong}). Every format accepts at most {@link #MAX_DEPTH} levels of nesting.
 */
// The factory and mapper are configured in the constructor and only read afterwards (both thread-safe).
@SuppressWarnings("ImmutableEnumChecker")
enum WireFormat {
    JSON("json", new JsonFactory(), false),
    MSGPACK("msgpack", MsgPackTimestamps.factory(), true),
    CBOR("cbor", new DefiniteLengthCborFactory(), true);

    /** Deepest nesting of objects and arrays accepted from the wire. */
    static final int MAX_DEPTH = 256;

    private final String serializerName;
    private final JsonFactory factory;
    private final ObjectMapper mapper;
    private final boolean nativeBinary;

    WireFormat(String serializerName, JsonFactory factory, boolean nativeBinary) {
        this.serializerName = serializerName;
        factory.setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
        this.mapper = new ObjectMapper(factory).setNodeFactory(SmallIntNodeFactory.INSTANCE);
        this.factory = mapper.getFactory();
        this.nativeBinary = nativeBinary;
    }

    String serializerName() {
        return serializerName;
    }

    JsonFactory factory() {
        return factory;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** True when byte arrays are written as native binary values rather than Node Buffer objects. */
    boolean nativeBinary() {
        return nativeBinary;
    }
}
