package io.mycelium.transport.mqtt;

import io.mycelium.spi.Transporter;
import io.mycelium.spi.TransporterProvider;
import java.net.URI;
import java.util.Set;

/**
 * Creates the MQTT transporter for {@code mqtt://} and {@code mqtts://} URLs, for example
 * {@code mqtt://user:pass@127.0.0.1:1883?qos=1}; the options are listed on {@code MqttOptions}. Found by
 * {@link java.util.ServiceLoader}; stateless and thread-safe.
 */
public final class MqttTransporterProvider implements TransporterProvider {

    /** For {@link java.util.ServiceLoader}. */
    public MqttTransporterProvider() {}

    @Override
    public Set<String> schemes() {
        return Set.of("mqtt", "mqtts");
    }

    @Override
    public Transporter create(URI url) {
        return new MqttTransporter(MqttOptions.parse(url));
    }
}
