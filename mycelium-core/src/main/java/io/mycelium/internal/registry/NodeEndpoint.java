package io.mycelium.internal.registry;

import io.mycelium.spi.Endpoint;

/** An endpoint that knows the registry entry of its node (to skip nodes that may not be given work). */
public sealed interface NodeEndpoint extends Endpoint permits ActionEndpoint, EventEndpoint {

    /** The node that serves it. */
    NodeEntry node();
}
