package io.mycelium.transport.amqp;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import java.net.URI;
import java.util.Set;

/**
 * Creates the AMQP 0-9-1 transporter for {@code amqp://} and {@code amqps://} URLs, for example
 * {@code amqp://guest:guest@127.0.0.1:5672/vhost?prefetch=1}; the options are listed on
 * {@code AmqpOptions}. Found by {@link java.util.ServiceLoader}; stateless and thread-safe.
 */
public final class AmqpTransporterProvider implements TransporterProvider {

    /** For {@link java.util.ServiceLoader}. */
    public AmqpTransporterProvider() {}

    @Override
    public Set<String> schemes() {
        return Set.of("amqp", "amqps");
    }

    @Override
    public Transporter create(URI url) {
        return new AmqpTransporter(AmqpOptions.parse(url));
    }
}
