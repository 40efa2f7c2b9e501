package io.mycelium.transport.redis;

import io.mycelium.transport.testkit.BrokerChaosSuite;
import io.mycelium.transport.testkit.BrokerProcess;

/** The chaos suite over Redis, on a private broker process the suite kills and restarts. */
class RedisChaosTest extends BrokerChaosSuite {

    @Override
    protected String transporterName() {
        return "Redis";
    }

    @Override
    protected BrokerProcess startBroker() {
        return BrokerProcess.redisServer();
    }

    @Override
    protected String url(BrokerProcess broker) {
        return "redis://127.0.0.1:" + broker.port();
    }
}
