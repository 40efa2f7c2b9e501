package io.mycelium.internal.validation;

import io.mycelium.ValidationException;

/**
 * An event's data failed its declared record: a {@link ValidationException} (counted as a
 * {@code ValidationError}) that the broker tells apart from a handler's own failure, to log it as a drop.
 */
public final class InvalidEventException extends ValidationException {
    private static final long serialVersionUID = 1L;

    InvalidEventException(ValidationException cause) {
        super(String.valueOf(cause.getMessage()), cause.data());
    }
}
