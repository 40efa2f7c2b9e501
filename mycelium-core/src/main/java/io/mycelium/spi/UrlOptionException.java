package io.mycelium.spi;

import java.util.List;

/**
 * A transporter URL's query option that cannot be used: an unknown name, or a value that does not read as
 * the option's type or lies outside its range. The message names the option, the value and what was
 * expected; for an unknown name it lists the known ones. Unchecked, and an {@link IllegalArgumentException}
 * so that callers of {@link TransporterProvider#create} keep catching what they caught before.
 */
public final class UrlOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String option;
    private final String value;
    private final List<String> known;

    UrlOptionException(String message, String option, String value, List<String> known) {
        super(message);
        this.option = option;
        this.value = value;
        this.known = List.copyOf(known);
    }

    /** The option's name as written in the URL. */
    public String option() {
        return option;
    }

    /** The value as written in the URL (decoded), empty for an unknown option. */
    public String value() {
        return value;
    }

    /** The options the scheme knows, sorted; filled for an unknown option, empty otherwise. */
    public List<String> known() {
        return known;
    }
}
