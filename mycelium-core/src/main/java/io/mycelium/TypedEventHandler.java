package io.mycelium;

/**
 * Handles an event whose data is a record {@code D}: it arrives validated (Jakarta Bean Validation
 * constraints on the record's components) with {@link Default defaults} applied; an invalid event never
 * reaches it (see {@link EventDefinition#withParams}). Same threading rules as {@link EventHandler}.
 *
 * @param <D> the data record
 */
@FunctionalInterface
public interface TypedEventHandler<D extends Record> {

    /** Handles one event. */
    void handle(Context ctx, D data) throws Exception;
}
