package io.mycelium.internal.serializer;

import io.mycelium.spi.Serializer;
import io.mycelium.spi.SerializerProvider;

/** The {@code msgpack} serializer, wire-compatible with Moleculer's MsgPack serializer (msgpack5). */
public final class MsgPackSerializerProvider implements SerializerProvider {

    @Override
    public String name() {
        return "msgpack";
    }

    @Override
    public Serializer create() {
        return new JacksonSerializer(WireFormat.MSGPACK);
    }
}
