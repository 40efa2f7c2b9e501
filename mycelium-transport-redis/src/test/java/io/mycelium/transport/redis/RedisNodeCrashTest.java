package io.mycelium.transport.redis;

import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.NodeCrashSuite;

/** A SIGKILLed node and a restarted private redis-server under continuous calls. */
class RedisNodeCrashTest extends NodeCrashSuite {

    @Override
    protected TestBroker startBroker() {
        return TestBroker.of(
                BrokerProcess.redisServer(),
                port -> "redis://127.0.0.1:" + port + "?reconnectDelay=50ms&maxReconnectDelay=200ms");
    }

    @Override
    protected String name() {
        return "redis";
    }
}
