package io.mycelium.transport.nats;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.Validator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The subjects packets are published to, built and checked once per packet type and destination instead of
 * once per packet: {@code Connection.publish(String, byte[])} validates the subject character by character
 * on every call, a tenth of an emitter's time. A subject that fails the check is never kept, so it fails
 * every send as before. Memory is bounded: past {@link #MAX} subjects of one type (node IDs, groups and
 * event names come from the mesh) a subject is built and checked on each send. Thread-safe.
 */
final class Subjects {
    static final int MAX = 4096;

    private final Topics topics;
    private final List<ConcurrentHashMap<Destination, String>> known; // by packet type ordinal

    Subjects(Topics topics) {
        this.topics = topics;
        this.known = Stream.of(PacketType.values())
                .map(t -> new ConcurrentHashMap<Destination, String>())
                .toList();
    }

    /**
     * The message to publish {@code payload} on for {@code type} and {@code destination}.
     *
     * @throws IllegalArgumentException when the subject is not a valid NATS subject
     */
    NatsMessage message(PacketType type, Destination destination, byte[] payload) {
        return new Checked(subject(type, destination), payload);
    }

    String subject(PacketType type, Destination destination) {
        ConcurrentHashMap<Destination, String> subjects = known.get(type.ordinal());
        String subject = subjects.get(destination);
        if (subject != null) {
            return subject;
        }
        subject = Validator.validateSubject(topics.of(type, destination), true);
        if (subjects.size() < MAX) {
            subjects.putIfAbsent(destination, subject);
        }
        return subject;
    }

    /**
     * A message whose subject was validated here: {@code Connection.publish(Message)} does not validate
     * again, where {@code publish(String, byte[])} would (the constructors of {@link NatsMessage} do too).
     */
    private static final class Checked extends NatsMessage {
        Checked(String subject, byte[] payload) {
            super(payload);
            this.subject = subject;
        }
    }
}
