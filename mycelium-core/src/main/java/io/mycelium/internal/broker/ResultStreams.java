package io.mycelium.internal.broker;

import io.mycelium.ByteStreams;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/** A handler's result that is a byte stream: an {@link InputStream} or a publisher of byte buffers. */
final class ResultStreams {
    private ResultStreams() {}

    /** The result as a stream, or null when it is an ordinary value. */
    @SuppressWarnings("unchecked")
    static @Nullable InputStream asStream(@Nullable Object value) {
        if (value instanceof InputStream in) {
            return in;
        }
        if (value instanceof Flow.Publisher<?> publisher) {
            return ByteStreams.inputStream((Flow.Publisher<ByteBuffer>) publisher);
        }
        return null;
    }

    /** A local call's result as the caller gets it: a publisher becomes an InputStream, as it does remotely. */
    static @Nullable Object normalize(@Nullable Object value) {
        InputStream stream = value instanceof Flow.Publisher<?> ? asStream(value) : null;
        return stream != null ? stream : value;
    }
}
