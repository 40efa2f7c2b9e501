package io.mycelium.spi;

import java.net.URI;
import java.util.Set;

/**
 * Creates a {@link Transporter} from a URL such as {@code nats://127.0.0.1:4222}; registered in
 * {@code META-INF/services} and chosen by the URL's scheme.
 */
public interface TransporterProvider {

    /** The URL schemes this provider serves, lower case: {@code nats}, {@code redis}, {@code rediss}. */
    Set<String> schemes();

    /**
     * A transporter for the URL. Options may also come from the URL's query string.
     *
     * @throws IllegalArgumentException when the URL is not usable, with a message saying why
     */
    Transporter create(URI url);
}
