package io.mycelium.interop;

/** Every issue-4 scenario over Redis with the JSON serializer. */
class RedisJsonInteropTest extends InteropContract {
    RedisJsonInteropTest() {
        super(Transport.REDIS, Wire.JSON);
    }
}
