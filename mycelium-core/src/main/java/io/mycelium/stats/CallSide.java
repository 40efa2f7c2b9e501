package io.mycelium.stats;

/** Which side of a call a figure counts, as Moleculer's {@code type} label. */
public enum CallSide {
    /** Handled on this node: a local call or a request from another node ({@code type="local"}). */
    HANDLED("local"),
    /** Sent by this node to a handler on another node ({@code type="remote"}). */
    REMOTE("remote");

    private final String label;

    CallSide(String label) {
        this.label = label;
    }

    /** Moleculer's label value: {@code local} or {@code remote}. */
    public String label() {
        return label;
    }
}
