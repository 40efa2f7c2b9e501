package io.mycelium.transport.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.nats.client.Message;
import org.junit.jupiter.api.Test;

class SubjectsTest {
    private final Subjects subjects = new Subjects(new Topics("ns"));

    @Test
    void buildsMoleculersSubjectOncePerTypeAndDestination() {
        String first = subjects.subject(PacketType.EVENT, Destination.node("node-1"));

        assertThat(first).isEqualTo("MOL-ns.EVENT.node-1");
        assertThat(subjects.subject(PacketType.EVENT, Destination.node("node-1")))
                .isSameAs(first);
        assertThat(subjects.subject(PacketType.REQUEST, Destination.node("node-1")))
                .isEqualTo("MOL-ns.REQ.node-1");
        assertThat(subjects.subject(PacketType.HEARTBEAT, Destination.BROADCAST))
                .isEqualTo("MOL-ns.HEARTBEAT");
        assertThat(subjects.subject(PacketType.EVENT, new Destination.BalancedEvent("g", "user.created")))
                .isEqualTo("MOL-ns.EVENTB.g.user.created");
    }

    @Test
    void refusesAnInvalidSubjectOnEverySend() {
        Destination bad = Destination.node("has space");

        assertThatThrownBy(() -> subjects.subject(PacketType.EVENT, bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> subjects.message(PacketType.EVENT, bad, new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messageCarriesTheSubjectAndThePayloadAsGiven() {
        byte[] payload = {1, 2, 3};

        Message m = subjects.message(PacketType.EVENT, Destination.node("node-1"), payload);

        assertThat(m.getSubject()).isEqualTo("MOL-ns.EVENT.node-1");
        assertThat(m.getData()).isSameAs(payload);
        assertThat(m.getReplyTo()).isNull();
        assertThat(m.hasHeaders()).isFalse();
    }
}
