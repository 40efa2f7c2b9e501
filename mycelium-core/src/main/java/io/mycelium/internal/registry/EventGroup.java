package io.mycelium.internal.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.EventNames;

/** The subscribers of one event name (or pattern) in one group, across the mesh. */
public record EventGroup(String event, String group, ObjectNode definition, EndpointList<EventEndpoint> endpoints) {

    public boolean matches(String eventName) {
        return EventNames.matches(eventName, event);
    }
}
