package io.mycelium.spi;

/** Creates a {@link Serializer}; registered in {@code META-INF/services} and found by {@link #name()}. */
public interface SerializerProvider {

    /** The name users choose it by, lower case: {@code json}, {@code msgpack}, {@code cbor}. */
    String name();

    /** A new serializer. */
    Serializer create();
}
