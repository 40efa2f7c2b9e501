package io.mycelium.transport.tcp;

/**
 * One TCP frame: a type id (a Moleculer packet id 1-8, or one of this package's handshake ids) and the
 * serialized packet. The payload array is owned by whoever holds the frame.
 */
record Frame(int typeId, byte[] payload) {

    /** Bytes of the header: checksum, int32 length (header included), type. */
    static final int HEADER_SIZE = 6;

    /** Handshake: key ids, node id, role and challenge (see the package documentation). */
    static final int AUTH_HELLO = 100;

    /** Handshake: the HMAC proof of one side. */
    static final int AUTH_PROOF = 101;

    int frameLength() {
        return HEADER_SIZE + payload.length;
    }

    static byte checksum(int length, int typeId) {
        return (byte) ((length >>> 24) ^ (length >>> 16) ^ (length >>> 8) ^ length ^ typeId);
    }
}
