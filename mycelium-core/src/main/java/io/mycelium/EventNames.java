package io.mycelium;

/**
 * Moleculer's event name patterns, as its {@code utils.match(text, pattern)}: {@code *} matches within one
 * dot-separated segment, {@code **} across segments, {@code ?} any one character. The one matcher of the
 * project: the broker's event bus and the CLI both use it.
 */
public final class EventNames {
    private EventNames() {}

    /** Whether {@code pattern} has a wildcard ({@code *} or {@code ?}). */
    public static boolean isPattern(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    /**
     * Whether the event {@code name} matches {@code pattern} (a subscription, possibly with wildcards);
     * the argument order is Moleculer's: the text first, the pattern second.
     */
    public static boolean matches(String name, String pattern) {
        if (!isPattern(pattern)) {
            return name.equals(pattern);
        }
        return match(name, 0, pattern, 0);
    }

    private static boolean match(String s, int si, String p, int pi) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                boolean dbl = pi + 1 < p.length() && p.charAt(pi + 1) == '*';
                int next = pi + (dbl ? 2 : 1);
                for (int k = si; k <= s.length(); k++) {
                    if (match(s, k, p, next)) {
                        return true;
                    }
                    if (k < s.length() && !dbl && s.charAt(k) == '.') {
                        return false;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c != '?' && c != s.charAt(si)) {
                return false;
            }
            si++;
            pi++;
        }
        return si == s.length();
    }
}
