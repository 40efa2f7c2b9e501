package io.mycelium.internal.broker;

import io.mycelium.internal.registry.ActionEndpoint;

/** Where the router sends one attempt of a call: a returned decision, never a thrown one. */
sealed interface Route {

    /** To this endpoint: run here when it is local, else a REQUEST to its node. */
    record To(ActionEndpoint endpoint) implements Route {}

    /** To the action's balanced queue: the message broker picks the node. */
    record ByBroker() implements Route {}

    /** Not yet: every node serving it is held back until heard from after a reconnect; look again shortly. */
    record Held() implements Route {}

    Route BY_BROKER = new ByBroker();
    Route HELD = new Held();
}
