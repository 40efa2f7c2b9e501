package io.mycelium.transport.testkit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The chaos suite of a broker transporter, on a private broker process on a free port: the SIGKILL of a
 * server node, and the kill -9 of the broker mid-traffic, restarted on the same port 2 s
 * later. A transporter module extends it with {@link #startBroker()} and
 * {@link #url(BrokerProcess)}.
 */
public abstract class BrokerChaosSuite extends ChaosSuite {

    private @Nullable BrokerProcess broker;

    /** Starts a private broker on a free loopback port. */
    protected abstract BrokerProcess startBroker();

    /** The URL of the private broker, with the transporter's defaults (no tuned reconnection). */
    protected abstract String url(BrokerProcess broker);

    @Override
    protected final String url() {
        return url(broker());
    }

    @BeforeEach
    final void startPrivateBroker() {
        broker = startBroker();
    }

    @Override
    final void afterNodesStopped() {
        BrokerProcess b = broker;
        if (b != null) {
            b.close();
        }
    }

    private BrokerProcess broker() {
        BrokerProcess b = broker;
        if (b == null) {
            throw new IllegalStateException("no broker");
        }
        return b;
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT) // with the SIGKILL scenario (see ChaosSuite)
    void brokerKilledAndRestartedMidTraffic() throws Exception {
        ChaosTraffic traffic = startMesh();
        pause(settings.baseline());
        long fault = traffic.now();
        broker().kill();
        pause(settings.brokerDown());
        broker().restart();
        long back = traffic.now();
        pause(settings.afterFault());
        ChaosResult result = finish(traffic, "kill -9 of the broker, restart", fault, null, back);
        assertInvariants(result);
    }
}
