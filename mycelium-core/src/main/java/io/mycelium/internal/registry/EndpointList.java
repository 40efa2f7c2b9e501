package io.mycelium.internal.registry;

import java.util.ArrayList;
import java.util.List;

/** The endpoints of one action or event group, with the local ones apart for prefer-local. Immutable. */
public final class EndpointList<E extends NodeEndpoint> {
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

    /**
     * The endpoints of {@code candidates} whose node may be given new work now ({@link NodeEntry#routable()}):
     * the same list when all may (the common case, no copy), a filtered copy otherwise, empty when none may.
     */
    public static <E extends NodeEndpoint> List<E> routable(List<E> candidates) {
        for (int i = 0; i < candidates.size(); i++) {
            if (!candidates.get(i).node().routable()) {
                List<E> usable = new ArrayList<>(candidates.size());
                for (E e : candidates) {
                    if (e.node().routable()) {
                        usable.add(e);
                    }
                }
                return usable;
            }
        }
        return candidates;
    }
}
