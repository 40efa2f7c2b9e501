package io.mycelium.stats;

/**
 * How many calls failed with one kind of error, named as on the wire (Moleculer's {@code errorName},
 * {@code errorCode}, {@code errorType} labels).
 *
 * @param name the error class name, e.g. {@code ServiceNotFoundError}; a Java class's simple name for an
 *     exception that is not a {@link io.mycelium.MyceliumException}
 * @param code the numeric code (500 for a plain Java exception)
 * @param type the machine readable type, e.g. {@code SERVICE_NOT_FOUND}; empty when none
 * @param count how many
 */
public record ErrorCount(String name, int code, String type, long count) {}
