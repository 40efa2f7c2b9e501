package io.mycelium.internal.registry;

import io.mycelium.spi.Endpoint;
import java.util.ArrayList;
import java.util.List;

/** The endpoints of one action or event group, with the local ones apart for prefer-local. Immutable. */
public final class EndpointList<E extends Endpoint> {
    private final List<E> all;
    private final List<E> locals;
    private final List<E> remotes;

    EndpointList(List<E> all) {
        this.all = List.copyOf(all);
        List<E> l = new ArrayList<>();
        List<E> r = new ArrayList<>();
        for (E e : all) {
            (e.local() ? l : r).add(e);
        }
        this.locals = List.copyOf(l);
        this.remotes = List.copyOf(r);
    }

    public List<E> all() {
        return all;
    }

    public List<E> locals() {
        return locals;
    }

    public List<E> remotes() {
        return remotes;
    }

    public boolean hasLocal() {
        return !locals.isEmpty();
    }
}
