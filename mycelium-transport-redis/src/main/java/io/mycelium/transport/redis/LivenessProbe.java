package io.mycelium.transport.redis;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.LivenessSchedule;
import io.mycelium.spi.TransportContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds dead nodes in about one interval instead of a heartbeat timeout: every {@code interval}, one
 * {@code PUBSUB NUMSUB} asks Redis how many clients subscribe the {@code REQ.<nodeID>} channel of each
 * known remote node. Redis drops a client's subscriptions the moment its connection closes (a killed
 * process's sockets are closed by the kernel), so 0 means the node is gone: it is reported unreachable to
 * the context (its calls in flight fail fast, new ones go elsewhere).
 *
 * <p>Probing pauses while the link is down and for two intervals after it comes back, so a peer still
 * resubscribing is not taken for dead. The timing is a {@link LivenessSchedule}'s; the command is
 * asynchronous and at most one is in flight.
 */
final class LivenessProbe {
    private final TransportContext context;
    private final Topics topics;
    private final LivenessSchedule schedule;
    private final RedisLink link;

    LivenessProbe(TransportContext context, Topics topics, Duration interval, RedisLink link) {
        this.context = context;
        this.topics = topics;
        this.schedule = LivenessSchedule.create(context, interval);
        this.link = link;
    }

    void start() {
        schedule.start(this::probe);
    }

    /** The link came back: peers get two intervals to resubscribe before a probe may judge them. */
    void reconnected() {
        schedule.reconnected();
    }

    void stop() {
        schedule.stop();
    }

    private void probe(List<String> nodeIds, Runnable done) {
        RedisLink.Session s = link.current();
        if (s == null) {
            done.run();
            return;
        }
        List<String> channels = new ArrayList<>();
        for (String nodeId : nodeIds) {
            channels.add(topics.node(PacketType.REQUEST, nodeId));
        }
        s.commands().async().pubsubNumsub(channels.toArray(String[]::new)).whenComplete((counts, error) -> {
            done.run();
            if (error == null && counts != null) {
                judge(s, channels, counts);
            }
        });
    }

    private void judge(RedisLink.Session asked, List<String> channels, Map<String, Long> counts) {
        if (link.current() != asked || schedule.quiet()) {
            return; // the answer predates a reconnect
        }
        String prefix = topics.node(PacketType.REQUEST, "");
        for (String channel : channels) {
            Long subscribers = counts.get(channel);
            if (subscribers != null && subscribers == 0) {
                context.nodeUnreachable(
                        channel.substring(prefix.length()), "nobody subscribes its Redis channels any more");
            }
        }
    }
}
