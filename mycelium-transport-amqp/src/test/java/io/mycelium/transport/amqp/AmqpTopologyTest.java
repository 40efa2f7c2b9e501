package io.mycelium.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.protocol.PacketType;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The declarations must equal those of Moleculer 0.15's amqp.js (amqplib defaults: durable, not exclusive). */
class AmqpTopologyTest {
    private final AmqpTopology topology =
            new AmqpTopology("dev", "n1", AmqpOptions.parse(URI.create("amqp://h?eventTimeToLive=5000")));

    @Test
    void namesFollowMoleculer() {
        assertThat(topology.exchange(PacketType.HEARTBEAT)).isEqualTo("MOL-dev.HEARTBEAT");
        assertThat(topology.nodeQueue(PacketType.REQUEST, "n2")).isEqualTo("MOL-dev.REQ.n2");
        assertThat(topology.balancedRequestQueue("v2.math.add")).isEqualTo("MOL-dev.REQB.v2.math.add");
        assertThat(topology.balancedEventQueue("mail", "user.created")).isEqualTo("MOL-dev.EVENTB.mail.user.created");
        assertThat(AmqpTopology.prefix("")).isEqualTo("MOL");
    }

    @Test
    void nodeQueuesHaveMoleculersOptionsAcksAndBindings() {
        List<AmqpTopology.QueueSpec> specs = topology.nodeQueues();
        assertThat(specs)
                .extracting(AmqpTopology.QueueSpec::queue)
                .containsExactly(
                        "MOL-dev.EVENT.n1",
                        "MOL-dev.REQ.n1",
                        "MOL-dev.RES.n1",
                        "MOL-dev.DISCOVER.n1",
                        "MOL-dev.INFO.n1",
                        "MOL-dev.DISCONNECT.n1",
                        "MOL-dev.HEARTBEAT.n1",
                        "MOL-dev.PING.n1",
                        "MOL-dev.PONG.n1");
        Map<String, AmqpTopology.QueueSpec> all =
                specs.stream().collect(java.util.stream.Collectors.toMap(AmqpTopology.QueueSpec::queue, s -> s));
        java.util.function.Function<String, AmqpTopology.QueueSpec> byQueue =
                q -> java.util.Objects.requireNonNull(all.get(q), q);

        AmqpTopology.QueueSpec req = byQueue.apply("MOL-dev.REQ.n1");
        assertThat(req.ack()).isEqualTo(AmqpTopology.Ack.ON_RECEIPT);
        assertThat(req.autoDelete()).isFalse();
        assertThat(req.exchange()).isNull();
        assertThat(req.arguments()).isEqualTo(Map.of("x-expires", 120_000));

        assertThat(byQueue.apply("MOL-dev.RES.n1").arguments()).isEqualTo(Map.of("x-expires", 120_000));
        assertThat(byQueue.apply("MOL-dev.EVENT.n1").arguments())
                .isEqualTo(Map.of("x-expires", 120_000, "x-message-ttl", 5000));
        assertThat(byQueue.apply("MOL-dev.EVENT.n1").ack()).isEqualTo(AmqpTopology.Ack.NONE);

        for (String q : List.of("DISCOVER", "INFO", "DISCONNECT", "HEARTBEAT", "PING")) {
            AmqpTopology.QueueSpec spec = byQueue.apply("MOL-dev." + q + ".n1");
            assertThat(spec.exchange()).isEqualTo("MOL-dev." + q);
            assertThat(spec.autoDelete()).isTrue();
            assertThat(spec.arguments()).isEmpty();
            assertThat(spec.ack()).isEqualTo(AmqpTopology.Ack.NONE);
        }
        AmqpTopology.QueueSpec pong = byQueue.apply("MOL-dev.PONG.n1");
        assertThat(pong.exchange()).isNull();
        assertThat(pong.autoDelete()).isTrue();
    }

    @Test
    void balancedQueuesAreSharedDurableAndAcknowledged() {
        AmqpTopology.QueueSpec reqb = topology.balancedRequest("math.add");
        assertThat(reqb.arguments())
                .as("Moleculer gives balanced REQ queues no expiry")
                .isEmpty();
        assertThat(reqb.autoDelete()).isFalse();
        assertThat(reqb.ack()).isEqualTo(AmqpTopology.Ack.WHEN_SETTLED);
        AmqpTopology.QueueSpec eventb = topology.balancedEvent("mail", "user.created");
        assertThat(eventb.arguments()).isEqualTo(Map.of("x-expires", 120_000, "x-message-ttl", 5000));
        assertThat(eventb.ack()).isEqualTo(AmqpTopology.Ack.WHEN_SETTLED);
    }

    @Test
    void withoutAutoDeleteQueuesNothingExpires() {
        AmqpTopology t = new AmqpTopology("", "n1", AmqpOptions.parse(URI.create("amqp://h?autoDeleteQueues=false")));
        assertThat(t.nodeQueues()).allSatisfy(s -> assertThat(s.arguments()).isEmpty());
    }
}
