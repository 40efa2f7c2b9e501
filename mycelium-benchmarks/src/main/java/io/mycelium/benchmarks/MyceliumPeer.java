package io.mycelium.benchmarks;

import io.mycelium.ActionHandler;
import io.mycelium.EventHandler;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;

/**
 * A Mycelium node serving {@code bench.echo} (returns its params; declared {@linkplain
 * ActionHandler#nonBlocking(ActionHandler) non-blocking}, so it runs on the I/O thread, as every Node.js
 * handler does) and counting {@code bench.event} (non-blocking too).
 */
final class MyceliumPeer implements Peer.PeerServer {
    static final String SERVICE = "bench";
    static final String ACTION = "bench.echo";
    static final String EVENT = "bench.event";

    private final ServiceBroker broker;

    MyceliumPeer(String transporter, String serializer, String namespace, String nodeId, EventCounter counter) {
        this.broker = ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(namespace)
                .transporter(transporter)
                .serializer(serializer)
                .build();
        broker.register(Service.named(SERVICE)
                .action("echo", ActionHandler.nonBlocking(ctx -> ctx.params()))
                .event(EVENT, EventHandler.nonBlocking(ctx -> counter.increment())));
        broker.start();
    }

    @Override
    public int port() {
        return 0;
    }

    @Override
    public void close() {
        broker.stop();
    }
}
