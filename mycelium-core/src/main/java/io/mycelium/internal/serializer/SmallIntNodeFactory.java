package io.mycelium.internal.serializer;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;

/**
 * Shares one immutable {@link IntNode} per value from 0 to 255. A byte chunk of a stream travels in JSON
 * as Node's {@code {"type":"Buffer","data":[...]}}, one number per byte, and a 256 KiB chunk would
 * otherwise allocate 256 Ki nodes before it becomes a byte array.
 */
final class SmallIntNodeFactory extends JsonNodeFactory {

    private static final long serialVersionUID = 1L;
    private static final IntNode[] BYTES = new IntNode[256];

    static {
        for (int i = 0; i < BYTES.length; i++) {
            BYTES[i] = IntNode.valueOf(i);
        }
    }

    static final SmallIntNodeFactory INSTANCE = new SmallIntNodeFactory();

    private SmallIntNodeFactory() {}

    @Override
    public NumericNode numberNode(int v) {
        return v >= 0 && v < BYTES.length ? BYTES[v] : IntNode.valueOf(v);
    }
}
