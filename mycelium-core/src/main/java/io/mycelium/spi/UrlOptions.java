package io.mycelium.spi;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The one grammar of the query options of every transporter URL ({@code nats://…?connectTimeout=2s}):
 * each scheme lists the names it knows, an unknown name is refused with that list, and values read as
 * one of five types, the same way on every scheme:
 *
 * <ul>
 *   <li><b>duration</b>: a number with a unit, {@code 500ms}, {@code 2s}, {@code 0.5s}, {@code 1m},
 *       {@code 1h}; a bare number is milliseconds.
 *   <li><b>size</b>: a whole number of bytes with an optional unit, {@code 65536}, {@code 64KiB},
 *       {@code 1MiB}, {@code 1GiB} (powers of 1024) or {@code 1kB}, {@code 1MB} (powers of 1000).
 *   <li><b>boolean</b>: {@code true}/{@code false}, {@code yes}/{@code no}, {@code on}/{@code off},
 *       {@code 1}/{@code 0}; a name without {@code =value} is true.
 *   <li><b>integer</b>: a whole number within the option's range.
 *   <li><b>list</b>: comma-separated, blanks trimmed, empty items dropped.
 * </ul>
 *
 * <p>Old spellings of a name are accepted as aliases and read as the canonical name. A bad value fails with
 * {@link UrlOptionException} naming the option, the value and the expected form. Instances are immutable
 * and thread-safe; build one per URL with {@link #parse(URI, Collection, Map)}.
 */
public final class UrlOptions {

    private final Map<String, String> values;
    private final String where;

    private UrlOptions(Map<String, String> values, String where) {
        this.values = values;
        this.where = where;
    }

    /**
     * Reads the query of {@code url}.
     *
     * @param known the canonical option names of the scheme
     * @param aliases old spellings, each mapped to its canonical name
     * @throws UrlOptionException for a name neither known nor an alias, listing the known names
     */
    public static UrlOptions parse(URI url, Collection<String> known, Map<String, String> aliases) {
        return parse(url.getRawQuery(), redacted(url), known, aliases);
    }

    /**
     * Reads a raw (still percent-encoded) query string; {@code where} names the URL in messages and must not
     * hold secrets.
     */
    public static UrlOptions parse(
            @Nullable String rawQuery, String where, Collection<String> known, Map<String, String> aliases) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "true" : decode(pair.substring(eq + 1));
                String canonical = known.contains(name) ? name : aliases.get(name);
                if (canonical == null) {
                    TreeSet<String> names = new TreeSet<>(known);
                    names.addAll(aliases.keySet());
                    throw new UrlOptionException(
                            "Unknown option '" + name + "' in " + where + "; known options: "
                                    + String.join(", ", names),
                            name,
                            "",
                            List.copyOf(names));
                }
                values.put(canonical, value);
            }
        }
        return new UrlOptions(values, where);
    }

    /** The URL without user info or query, for messages. */
    public static String redacted(URI url) {
        String host = url.getHost() == null ? "" : url.getHost();
        return url.getScheme() + "://" + host + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** True when the URL sets the option (under its name or an alias). */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The option's text as written (decoded). */
    public Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A duration option, at least zero. */
    public Optional<Duration> duration(String name) {
        return text(name).map(v -> wrap(name, v, () -> parseDuration(name, v)));
    }

    /** A duration option, or {@code fallback} when absent. */
    public Duration duration(String name, Duration fallback) {
        return duration(name).orElse(fallback);
    }

    /** A boolean option. */
    public Optional<Boolean> bool(String name) {
        return text(name).map(v -> wrap(name, v, () -> parseBoolean(name, v)));
    }

    /** A boolean option, or {@code fallback} when absent. */
    public boolean bool(String name, boolean fallback) {
        return bool(name).orElse(fallback);
    }

    /** An integer option within {@code [min, max]}. */
    public Optional<Long> integer(String name, long min, long max) {
        return text(name).map(v -> wrap(name, v, () -> range(name, parseInteger(name, v), min, max)));
    }

    /** An integer option within {@code [min, max]}, or {@code fallback} when absent. */
    public int integer(String name, int fallback, int min, int max) {
        return integer(name, (long) min, max).map(Long::intValue).orElse(fallback);
    }

    /** A size option in bytes within {@code [min, max]}. */
    public Optional<Long> size(String name, long min, long max) {
        return text(name).map(v -> wrap(name, v, () -> range(name, parseSize(name, v), min, max)));
    }

    /** A size option in bytes within {@code [min, max]}, or {@code fallback} when absent. */
    public int size(String name, int fallback, int min, int max) {
        return size(name, (long) min, max).map(Long::intValue).orElse(fallback);
    }

    /** A list option. */
    public Optional<List<String>> list(String name) {
        return text(name).map(UrlOptions::parseList);
    }

    private interface Reader<T> {
        T read();
    }

    /** Adds the URL to a value error's message. */
    private <T> T wrap(String name, String value, Reader<T> reader) {
        try {
            return reader.read();
        } catch (UrlOptionException e) {
            throw new UrlOptionException(e.getMessage() + " (in " + where + ")", name, value, List.of());
        }
    }

    private static long range(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw bad(name, String.valueOf(v), "a value between " + min + " and " + max);
        }
        return v;
    }

    private static UrlOptionException bad(String name, String value, String expected) {
        return new UrlOptionException(
                "option '" + name + "': '" + value + "' is not " + expected, name, value, List.of());
    }

    /** {@code 500ms}, {@code 2s}, {@code 0.5s}, {@code 1m}, {@code 1h}; a bare number is milliseconds. */
    public static Duration parseDuration(String name, String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        String expected = "a duration (500ms, 2s, 0.5s, 1m, 1h; a bare number is milliseconds)";
        long unitMillis;
        String number;
        if (v.endsWith("ms")) {
            unitMillis = 1;
            number = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            unitMillis = 1000;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unitMillis = 60_000;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            unitMillis = 3_600_000;
            number = v.substring(0, v.length() - 1);
        } else {
            unitMillis = 1;
            number = v;
        }
        try {
            BigDecimal millis = new BigDecimal(number.trim()).multiply(BigDecimal.valueOf(unitMillis));
            if (millis.signum() < 0 || millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 4)) > 0) {
                throw bad(name, text, "a duration of zero or more within range");
            }
            return Duration.ofMillis(
                    millis.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(name, text, expected);
        }
    }

    /** {@code 65536}, {@code 64KiB}, {@code 1MiB}, {@code 1GiB}, {@code 1kB}, {@code 1MB}, {@code 1GB}. */
    public static long parseSize(String name, String text) {
        String v = text.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        long unit = 1;
        String number = v;
        String[][] units = {
            {"kib", "1024"},
            {"mib", "1048576"},
            {"gib", "1073741824"},
            {"kb", "1000"},
            {"mb", "1000000"},
            {"gb", "1000000000"},
            {"b", "1"}
        };
        for (String[] u : units) {
            if (lower.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                number = v.substring(0, v.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            long n = Long.parseLong(number);
            if (n < 0) {
                throw bad(name, text, "a size of zero or more bytes");
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(name, text, "a size in bytes (65536, 64KiB, 1MiB, 1GiB, 1kB, 1MB)");
        }
    }

    /** {@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0}. */
    public static boolean parseBoolean(String name, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw bad(name, text, "a boolean (true/false, yes/no, on/off, 1/0)");
        };
    }

    /** A whole number. */
    public static long parseInteger(String name, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw bad(name, text, "an integer");
        }
    }

    /** Comma- (or newline-) separated items, trimmed, empty ones dropped. */
    public static List<String> parseList(String text) {
        return Arrays.stream(text.split("[,\\n]"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
