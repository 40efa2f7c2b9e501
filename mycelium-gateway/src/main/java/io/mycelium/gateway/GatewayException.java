package io.mycelium.gateway;

/** The gateway cannot run as configured, e.g. its port cannot be bound. */
public final class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
