package io.mycelium.internal.stream;

import io.mycelium.StreamOverflowException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the packets of one stream back in {@code seq} order (0, 1, 2, ...). A packet that comes early
 * waits until the gap before it is filled; the waiting packets are bounded in bytes, so a lost chunk
 * cannot make memory grow. Duplicates and packets older than the next expected one are dropped. Not
 * thread-safe: the owner calls it under the stream's lock.
 */
public final class ChunkReassembler<T> {
    private record Early<T>(T item, long size) {}

    private final String id;
    private final long maxEarlyBytes;
    private final Map<Integer, Early<T>> early = new HashMap<>();
    private long earlyBytes;
    private int next;

    /** @param maxEarlyBytes the most bytes that may wait for a missing earlier packet */
    public ChunkReassembler(String id, long maxEarlyBytes) {
        this.id = id;
        this.maxEarlyBytes = maxEarlyBytes;
    }

    /**
     * Takes packet {@code seq} and returns the packets that can now be handled, in order (empty when it
     * came early or is a duplicate).
     *
     * @throws StreamOverflowException when the packets waiting for a gap exceed the byte limit
     */
    public List<T> accept(int seq, T item, long size) {
        if (seq < next || early.containsKey(seq)) {
            return List.of();
        }
        if (seq > next) {
            if (earlyBytes + size > maxEarlyBytes) {
                throw new StreamOverflowException(id, maxEarlyBytes);
            }
            early.put(seq, new Early<>(item, size));
            earlyBytes += size;
            return List.of();
        }
        List<T> ready = new ArrayList<>(1);
        ready.add(item);
        next++;
        Early<T> following;
        while ((following = early.remove(next)) != null) {
            earlyBytes -= following.size();
            ready.add(following.item());
            next++;
        }
        return ready;
    }

    /** The seq expected next. */
    public int next() {
        return next;
    }

    /** How many packets wait for a gap to be filled. */
    public int waiting() {
        return early.size();
    }
}
