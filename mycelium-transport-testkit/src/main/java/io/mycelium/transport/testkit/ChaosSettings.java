package io.mycelium.transport.testkit;

import java.time.Duration;

/**
 * The shape of a chaos run: how long traffic flows before and after the fault, how long a killed broker
 * stays down, the callers' call timeout, the rates and the bound on calls in flight. The test command runs
 * the short shape; {@code -Dmycelium.chaos.long=true} (what {@code scripts/chaos} passes) the long one,
 * long enough to see a broker transporter's heartbeat timeout (30 s by default) go by.
 */
record ChaosSettings(
        Duration baseline,
        Duration afterFault,
        Duration brokerDown,
        Duration callTimeout,
        Duration hangGrace,
        int callsPerSecond,
        int eventsPerSecond,
        int maxInFlight) {

    /**
     * Short enough for every build: about 12 s a scenario (plus a private RabbitMQ's starts). What it asserts
     * (calls answered before the fault, none hung, none handled twice) needs little traffic; 3 s after the
     * fault still covers detection (about 0.5 s) and a broker's return (under 2 s), which it reports.
     */
    static final ChaosSettings SHORT = new ChaosSettings(
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            Duration.ofSeconds(10),
            200,
            100,
            64);

    /** The release run: 40 s after the fault, the default 10 s call timeout. */
    static final ChaosSettings LONG = new ChaosSettings(
            Duration.ofSeconds(8),
            Duration.ofSeconds(40),
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            200,
            100,
            64);

    static ChaosSettings current() {
        return Boolean.getBoolean("mycelium.chaos.long") ? LONG : SHORT;
    }
}
