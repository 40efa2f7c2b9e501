package io.mycelium.cli;

/** A node, action or event listener the command needs did not show up within the discovery timeout. */
final class NotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
        super(message);
    }
}
