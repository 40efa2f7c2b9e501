package io.mycelium.cli;

/**
 * Moleculer's event name patterns: {@code *} matches within one dot-separated segment, {@code **}
 * across segments, {@code ?} one character.
 */
final class EventNames {

    private EventNames() {}

    static boolean matches(String pattern, String name) {
        if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
            return pattern.equals(name);
        }
        return match(pattern, 0, name, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                boolean deep = pi + 1 < p.length() && p.charAt(pi + 1) == '*';
                int next = deep ? pi + 2 : pi + 1;
                for (int k = si; k <= s.length(); k++) {
                    if (match(p, next, s, k)) {
                        return true;
                    }
                    if (k < s.length() && !deep && s.charAt(k) == '.') {
                        return false;
                    }
                }
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si)) || (c == '?' && s.charAt(si) == '.')) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}
