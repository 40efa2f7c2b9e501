package io.mycelium;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a component of a params record takes when the caller leaves the field out (or sends
 * {@code null}). The text is read as JSON when it parses as such ({@code "10"}, {@code "true"},
 * {@code "[1,2]"}, {@code "{\"a\":1}"}), else used as a string; for a {@code String} component it is
 * always the string itself. Defaults apply before validation and are announced in the action's params
 * schema as {@code default}.
 *
 * <pre>{@code
 * record Search(@NotBlank String query, @Default("20") @Max(100) int limit) {}
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER})
public @interface Default {

    /** The default value, as JSON text or a plain string. */
    String value();
}
