package io.mycelium.protocol;

/**
 * Bytes from the wire that are not a valid packet: undecodable, a wrong protocol version, a missing
 * field or a field of the wrong type. The receiver drops the packet (or the connection) and goes on.
 */
public final class InvalidPacketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidPacketException(String message) {
        super(message);
    }

    public InvalidPacketException(String message, Throwable cause) {
        super(message, cause);
    }
}
