package io.mycelium.internal.serializer;

import io.mycelium.spi.Serializer;
import io.mycelium.spi.SerializerProvider;

/** The {@code cbor} serializer, wire-compatible with Moleculer's CBOR serializer (cbor-x). */
public final class CborSerializerProvider implements SerializerProvider {

    @Override
    public String name() {
        return "cbor";
    }

    @Override
    public Serializer create() {
        return new JacksonSerializer(WireFormat.CBOR);
    }
}
