package io.mycelium.transport.amqp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one thread that writes to the broker: senders never block on the socket, they queue here (bounded)
 * and their future completes once the client has written the frame.
 */
final class AmqpPublisher implements Runnable {

    /**
     * One packet waiting to be written through {@code session}; {@code queue}, when not null, is the queue
     * the routing key names, declared before the packet is published to it.
     */
    record Outgoing(
            AmqpSession session,
            String exchange,
            String routingKey,
            AmqpTopology.@Nullable QueueSpec queue,
            byte[] body,
            CompletableFuture<Void> done) {}

    private final ArrayBlockingQueue<Outgoing> queue;
    private final String url;
    private final Thread thread;
    private volatile boolean stopped;

    AmqpPublisher(int capacity, String url, String name) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.url = url;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** False when the queue is full (or the publisher stopped); the caller fails the send. */
    boolean offer(Outgoing outgoing) {
        if (stopped || !queue.offer(outgoing)) {
            return false;
        }
        if (stopped) {
            failAll("the AMQP transporter is disconnected", null);
        }
        return true;
    }

    int capacity() {
        return queue.remainingCapacity() + queue.size();
    }

    @Override
    public void run() {
        List<Outgoing> batch = new ArrayList<>(64);
        while (!stopped) {
            try {
                Outgoing first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 63);
                for (Outgoing o : batch) {
                    write(o);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        failAll("the AMQP transporter is disconnected", null);
    }

    private void write(Outgoing o) {
        if (!o.session().isOpen()) {
            o.done().completeExceptionally(Failures.disconnected("AMQP broker " + url + " connection lost", null));
            return;
        }
        try {
            o.session().publish(o.exchange(), o.routingKey(), o.queue(), o.body());
            o.done().complete(null);
        } catch (IOException | RuntimeException e) {
            o.done()
                    .completeExceptionally(Failures.disconnected(
                            "AMQP broker " + url + " connection lost while sending: " + e.getMessage(), e));
        }
    }

    /** Fails every queued packet, typed and retryable. */
    void failAll(String reason, @Nullable Throwable cause) {
        List<Outgoing> pending = new ArrayList<>();
        queue.drainTo(pending);
        for (Outgoing o : pending) {
            o.done().completeExceptionally(Failures.disconnected(reason, cause));
        }
    }

    void stop() {
        stopped = true;
        failAll("the AMQP transporter is disconnected", null);
    }
}
