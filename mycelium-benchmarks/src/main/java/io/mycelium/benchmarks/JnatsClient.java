package io.mycelium.benchmarks;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Raw jnats: {@code request} (one shared reply subscription, as jnats does by default) and {@code publish}. */
final class JnatsClient implements RequestReply {
    private final Connection connection;
    private final String prefix;

    JnatsClient(String url, String prefix) throws Exception {
        this.connection = Nats.connect(JnatsPeer.options(url));
        this.prefix = prefix;
    }

    @Override
    public CompletableFuture<?> call(Payload payload) {
        return connection.request(prefix + ".rr", payload.bytes());
    }

    @Override
    public EventStream openEvents() {
        String subject = prefix + ".ev";
        return new EventStream() {
            @Override
            public void emit(Payload payload) {
                connection.publish(subject, payload.bytes());
            }

            @Override
            public void close() throws Exception {
                connection.flush(Duration.ofSeconds(10));
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
