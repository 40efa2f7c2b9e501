package io.mycelium.benchmarks;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;

/** Raw jnats on the shared server: a responder echoing on {@code <prefix>.rr}, a counter on {@code <prefix>.ev}. */
final class JnatsPeer implements Peer.PeerServer {
    private final Connection connection;

    JnatsPeer(String url, String prefix, EventCounter counter) throws Exception {
        this.connection = Nats.connect(options(url));
        Dispatcher echo = connection.createDispatcher(msg -> connection.publish(msg.getReplyTo(), msg.getData()));
        echo.subscribe(prefix + ".rr");
        Dispatcher events = connection.createDispatcher(msg -> counter.increment());
        events.subscribe(prefix + ".ev");
        events.setPendingLimits(-1, -1);
        connection.flush(Duration.ofSeconds(5));
    }

    static Options options(String url) {
        return new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public int port() {
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
