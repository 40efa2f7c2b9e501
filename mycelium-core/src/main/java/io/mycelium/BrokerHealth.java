package io.mycelium;

import java.util.List;

/**
 * A broker's health, from {@link ServiceBroker#health()}, in the terms of a liveness and a readiness
 * probe. Immutable.
 *
 * <ul>
 *   <li><b>live</b>: the broker has not stopped or failed to start (a probe failing it should restart the
 *       process);
 *   <li><b>ready</b>: live, started, its services started and the transporter connected (a probe failing
 *       it should send no traffic here for now).
 * </ul>
 *
 * @param state the lifecycle state: {@code NEW}, {@code STARTING}, {@code RUNNING}, {@code STOPPING} or
 *     {@code STOPPED}
 * @param live whether the broker is alive
 * @param ready whether it is ready for calls
 * @param reasons why it is not ready (or not live), in words; empty when ready
 */
public record BrokerHealth(String state, boolean live, boolean ready, List<String> reasons) {

    public BrokerHealth {
        reasons = List.copyOf(reasons);
    }
}
