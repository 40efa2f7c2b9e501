package io.mycelium.gateway;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A list of Moleculer name patterns: {@code *} matches within one dot-separated segment, {@code **} across
 * segments, {@code ?} one character; anything else is literal. An empty list matches nothing (deny by
 * default). Immutable and thread-safe.
 */
final class Patterns {
    private final List<String> sources;
    private final List<Pattern> compiled;

    private Patterns(List<String> sources) {
        this.sources = List.copyOf(sources);
        this.compiled = this.sources.stream().map(Patterns::compile).toList();
    }

    static Patterns of(List<String> patterns) {
        return new Patterns(patterns);
    }

    boolean matches(String name) {
        for (Pattern p : compiled) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return sources.isEmpty();
    }

    List<String> sources() {
        return sources;
    }

    /** The index of the first pattern matching {@code name}, or -1. */
    int firstMatch(String name) {
        for (int i = 0; i < compiled.size(); i++) {
            if (compiled.get(i).matcher(name).matches()) {
                return i;
            }
        }
        return -1;
    }

    static Pattern compile(String pattern) {
        StringBuilder re = new StringBuilder(pattern.length() + 8);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^.]*");
                }
            } else if (c == '?') {
                re.append("[^.]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
        return sources.toString();
    }
}
