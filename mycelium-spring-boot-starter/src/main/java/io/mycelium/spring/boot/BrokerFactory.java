package io.mycelium.spring.boot;

import io.mycelium.RetryPolicy;
import io.mycelium.ServiceBroker;
import java.util.List;

/** Builds the broker from the properties, then lets the customizers have their say. */
final class BrokerFactory {

    private BrokerFactory() {}

    static ServiceBroker.Builder builder(MyceliumProperties p, List<ServiceBrokerCustomizer> customizers) {
        ServiceBroker.Builder b = ServiceBroker.builder()
                .namespace(p.namespace())
                .transporter(p.transporter())
                .serializer(p.serializer())
                .preferLocal(p.preferLocal())
                .maxCallLevel(p.maxCallLevel())
                .disableBalancer(p.disableBalancer());
        p.nodeIdIfSet().ifPresent(b::nodeId);
        MyceliumProperties.Retry r = p.retry();
        b.retryPolicy(
                r.retries() == 0
                        ? RetryPolicy.none()
                        : RetryPolicy.exponential(r.retries(), r.delay(), r.maxDelay(), r.factor()));
        if (p.requestTimeout() != null) {
            b.requestTimeout(p.requestTimeout());
        }
        if (p.heartbeatInterval() != null) {
            b.heartbeatInterval(p.heartbeatInterval());
        }
        if (p.heartbeatTimeout() != null) {
            b.heartbeatTimeout(p.heartbeatTimeout());
        }
        if (p.gracefulStopTimeout() != null) {
            b.gracefulStopTimeout(p.gracefulStopTimeout());
        }
        customizers.forEach(c -> c.customize(b));
        return b;
    }
}
