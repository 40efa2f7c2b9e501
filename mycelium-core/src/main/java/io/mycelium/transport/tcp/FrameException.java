package io.mycelium.transport.tcp;

import io.netty.handler.codec.DecoderException;

/** A frame that breaks the framing rules; the connection it came on is closed. */
final class FrameException extends DecoderException {
    private static final long serialVersionUID = 1L;

    FrameException(String message) {
        super(message);
    }
}
