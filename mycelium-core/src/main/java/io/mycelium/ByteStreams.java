package io.mycelium;

import io.mycelium.internal.stream.InboundStream;
import io.mycelium.internal.stream.InputStreamPublisher;
import io.mycelium.internal.stream.PublisherInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.Flow;

/**
 * Converts between the two shapes a byte stream takes in the API: {@link InputStream} (what calls send
 * and receive) and {@link Flow.Publisher} of {@link ByteBuffer} (for reactive code). Both conversions
 * keep the consumer's pace: nothing is read ahead beyond one buffer.
 */
public final class ByteStreams {
    private ByteStreams() {}

    /**
     * The stream as a publisher for a single subscriber; buffers of up to 64 KiB are read on a virtual
     * thread as they are requested, and the stream is closed at its end, on error or on cancel.
     */
    public static Flow.Publisher<ByteBuffer> publisher(InputStream stream) {
        return new InputStreamPublisher(stream, 64 * 1024);
    }

    /**
     * The publisher as a stream: it subscribes on the first read and requests one buffer at a time;
     * {@code close()} cancels the subscription. The publisher's error is rethrown by {@code read} (as is
     * when unchecked, wrapped in an {@link java.io.IOException} otherwise).
     */
    public static InputStream inputStream(Flow.Publisher<? extends ByteBuffer> publisher) {
        return new PublisherInputStream(publisher);
    }

    /**
     * The most bytes a stream that this JVM's broker received ever held waiting for its reader (what
     * {@link StreamSettings} bounds), or empty for any other stream. Any thread; a figure for measurements,
     * read while or after the stream is consumed.
     */
    public static OptionalLong peakBufferedBytes(InputStream received) {
        return received instanceof InboundStream s ? OptionalLong.of(s.peakBufferedBytes()) : OptionalLong.empty();
    }
}
