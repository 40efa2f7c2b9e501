package io.mycelium;

import org.jspecify.annotations.Nullable;

/**
 * Handles calls of an action whose params are a record {@code P}: the params arrive validated (Jakarta Bean
 * Validation constraints on the record's components) with {@link Default defaults} applied. Same threading
 * and result rules as {@link ActionHandler}.
 *
 * @param <P> the params record
 */
@FunctionalInterface
public interface TypedActionHandler<P extends Record> {

    /** Handles one call. */
    @Nullable
    Object handle(Context ctx, P params) throws Exception;
}
