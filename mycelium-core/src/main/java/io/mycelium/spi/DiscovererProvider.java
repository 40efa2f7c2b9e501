package io.mycelium.spi;

import java.net.URI;
import java.util.Set;

/**
 * Creates a {@link Discoverer} from a URL such as {@code redis://127.0.0.1:6379}; registered in
 * {@code META-INF/services} and chosen by the URL's scheme.
 */
public interface DiscovererProvider {

    /** The URL schemes this provider serves, lower case: {@code redis}, {@code rediss}. */
    Set<String> schemes();

    /**
     * A discoverer for the URL. Options may also come from the URL's query string.
     *
     * @throws IllegalArgumentException when the URL is not usable, with a message saying why
     */
    Discoverer create(URI url);
}
