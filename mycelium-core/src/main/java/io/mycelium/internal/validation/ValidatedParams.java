package io.mycelium.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A context whose params can be swapped for their validated form (defaults applied, the record bound), so
 * the hooks and the handler read what was validated. Called once, on the handler's thread, before they run.
 */
public interface ValidatedParams {

    /** From now on the params are {@code tree}, and asking for the record's type returns {@code value}. */
    void validated(JsonNode tree, Object value);
}
