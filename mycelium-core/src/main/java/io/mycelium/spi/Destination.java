package io.mycelium.spi;

/**
 * Where a packet goes. Broker transporters map it to a topic; the TCP transporter to a connection.
 */
public sealed interface Destination {

    /** Every node of the namespace ({@code PREFIX.<CMD>}). */
    record Broadcast() implements Destination {}

    /** One node ({@code PREFIX.<CMD>.<nodeID>}). */
    record Node(String nodeId) implements Destination {}

    /**
     * Any one instance of an action, chosen by the broker ({@code PREFIX.REQB.<action>}); used only when
     * the built-in balancer is disabled and the transporter {@link Transporter#supportsBrokerBalancing()}.
     */
    record BalancedRequest(String action) implements Destination {}

    /** One member of an event group, chosen by the broker ({@code PREFIX.EVENTB.<group>.<event>}). */
    record BalancedEvent(String group, String event) implements Destination {}

    Broadcast BROADCAST = new Broadcast();

    static Destination node(String nodeId) {
        return new Node(nodeId);
    }
}
