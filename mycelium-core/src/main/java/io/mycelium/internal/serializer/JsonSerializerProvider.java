package io.mycelium.internal.serializer;

import io.mycelium.spi.Serializer;
import io.mycelium.spi.SerializerProvider;

/** The {@code json} serializer: Moleculer's default and the interop baseline. */
public final class JsonSerializerProvider implements SerializerProvider {

    @Override
    public String name() {
        return "json";
    }

    @Override
    public Serializer create() {
        return new JacksonSerializer(WireFormat.JSON);
    }
}
