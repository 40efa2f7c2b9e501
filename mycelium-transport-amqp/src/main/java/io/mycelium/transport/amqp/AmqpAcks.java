package io.mycelium.transport.amqp;

import com.rabbitmq.client.Channel;
import io.mycelium.spi.Delivery;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges the packets of the balanced queues once the node settles them, all on one thread: settling
 * happens on whatever thread ends a handler and must not block (an ack is a socket write), and acks from
 * many threads at once on one channel are what the RabbitMQ client warns against. The only other writer of
 * the consume channel is the lifecycle thread (declare, consume, cancel: single frames, which the client
 * writes whole under its per-channel lock). A packet is acknowledged on the channel that delivered it
 * (delivery tags belong to a channel); when that channel has closed meanwhile, RabbitMQ has already
 * requeued the message and nothing is sent.
 *
 * <p>Settled as handled: {@code basic.ack}. Settled as not handled (dropped, or its answer could not be
 * sent): {@code basic.nack} with requeue on its first delivery, so another worker may take it, and without
 * requeue once redelivered (dead-lettered when the queue has a dead-letter exchange, else dropped), so a
 * poison message is not requeued forever. Moleculer nacks with requeue every time.
 */
final class AmqpAcks {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpAcks.class);

    private final ExecutorService thread;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong requeued = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    AmqpAcks(String nodeId) {
        this.thread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("mycelium-amqp-ack-" + nodeId).factory());
    }

    /** The delivery of one message consumed with manual acknowledgement on {@code channel}. */
    Delivery delivery(Channel channel, String queue, long tag, boolean redelivered) {
        return new Message(channel, queue, tag, redelivered);
    }

    /** Acknowledges at once (queues acknowledged on receipt). */
    void ack(Channel channel, String queue, long tag) {
        submit(() -> write(channel, queue, tag, true, false));
    }

    /** Waits, at most {@code millis}, until every acknowledgement handed over so far is written. */
    void flush(long millis) {
        try {
            CompletableFuture.runAsync(() -> {}, thread).get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.debug("AMQP acknowledgements not flushed: {}", e.toString());
        }
    }

    void stop() {
        thread.shutdown();
    }

    long acked() {
        return acked.get();
    }

    long requeued() {
        return requeued.get();
    }

    long rejected() {
        return rejected.get();
    }

    private void submit(Runnable write) {
        try {
            thread.execute(write);
        } catch (RejectedExecutionException e) {
            // stopped: the connection is closing and RabbitMQ requeues what it never got an ack for
            LOG.debug("AMQP acknowledgement after stop dropped");
        }
    }

    private void write(Channel channel, String queue, long tag, boolean handled, boolean redelivered) {
        if (!channel.isOpen()) {
            LOG.debug("AMQP channel closed before message {} of {} was settled: RabbitMQ requeued it", tag, queue);
            return;
        }
        try {
            if (handled) {
                channel.basicAck(tag, false);
                acked.incrementAndGet();
            } else if (!redelivered) {
                channel.basicNack(tag, false, true);
                requeued.incrementAndGet();
                LOG.debug("AMQP message {} of {} not handled: requeued for another attempt", tag, queue);
            } else {
                channel.basicNack(tag, false, false);
                rejected.incrementAndGet();
                LOG.warn(
                        "AMQP message of {} not handled on its second delivery: rejected (dead-lettered when the queue has a dead-letter exchange)",
                        queue);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("AMQP settle of message {} of {} failed (RabbitMQ requeues it): {}", tag, queue, e.toString());
        }
    }

    /** One message awaiting its settlement; the first {@link #settled} wins, so a tag is never acked twice. */
    private final class Message implements Delivery {
        private final Channel channel;
        private final String queue;
        private final long tag;
        private final boolean redelivered;
        private final AtomicBoolean settled = new AtomicBoolean();

        Message(Channel channel, String queue, long tag, boolean redelivered) {
            this.channel = channel;
            this.queue = queue;
            this.tag = tag;
            this.redelivered = redelivered;
        }

        @Override
        public boolean redeliverable() {
            return true;
        }

        @Override
        public boolean redelivered() {
            return redelivered;
        }

        @Override
        public void settled(boolean handled) {
            if (settled.compareAndSet(false, true)) {
                submit(() -> write(channel, queue, tag, handled, redelivered));
            } else {
                // a second ack of a tag would close the channel (PRECONDITION_FAILED)
                LOG.warn("AMQP message {} of {} settled twice: ignored", tag, queue);
            }
        }
    }
}
