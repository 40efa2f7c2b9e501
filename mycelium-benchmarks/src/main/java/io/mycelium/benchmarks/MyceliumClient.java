package io.mycelium.benchmarks;

import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A second Mycelium node in the orchestrator JVM calling the peer's {@code bench.echo} with the payload as a
 * JSON tree, and emitting {@code bench.event} (at most {@value #EMITS_IN_FLIGHT} emits not yet handed over).
 */
final class MyceliumClient implements RequestReply {
    private static final int EMITS_IN_FLIGHT = 1024;

    private final ServiceBroker broker;

    MyceliumClient(String transporter, String serializer, String namespace, String nodeId) {
        this.broker = ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(namespace)
                .transporter(transporter)
                .serializer(serializer)
                .build();
        broker.start();
        try {
            broker.waitForServices(Duration.ofSeconds(30), MyceliumPeer.SERVICE).join();
        } catch (RuntimeException e) {
            broker.stop();
            throw e;
        }
    }

    @Override
    public CompletableFuture<?> call(Payload payload) {
        return broker.call(MyceliumPeer.ACTION, payload.tree());
    }

    @Override
    public EventStream openEvents() {
        Semaphore permits = new Semaphore(EMITS_IN_FLIGHT);
        List<Throwable> failures = new ArrayList<>();
        return new EventStream() {
            @Override
            public void emit(Payload payload) throws Exception {
                if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new TimeoutException("emits not handed over for 10 s");
                }
                broker.emit(MyceliumPeer.EVENT, payload.tree()).whenComplete((r, e) -> {
                    if (e != null) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                    permits.release();
                });
            }

            @Override
            public void close() throws Exception {
                if (!permits.tryAcquire(EMITS_IN_FLIGHT, 10, TimeUnit.SECONDS)) {
                    throw new TimeoutException("emits not handed over for 10 s");
                }
                permits.release(EMITS_IN_FLIGHT);
                synchronized (failures) {
                    if (!failures.isEmpty()) {
                        throw new IllegalStateException(failures.size() + " emits failed", failures.get(0));
                    }
                }
            }
        };
    }

    @Override
    public void close() {
        broker.stop();
    }
}
