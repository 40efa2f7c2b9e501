package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link EventNames}: Moleculer's {@code utils.match(text, pattern)}, text first. */
class EventNamesTest {

    @Test
    void plainNamesMatchOnlyThemselves() {
        assertThat(EventNames.matches("user.created", "user.created")).isTrue();
        assertThat(EventNames.matches("user.created.v2", "user.created")).isFalse();
        assertThat(EventNames.isPattern("user.created")).isFalse();
    }

    @Test
    void oneStarMatchesOneSegment() {
        assertThat(EventNames.matches("demo.ping", "demo.*")).isTrue();
        assertThat(EventNames.matches("demo.ping.pong", "demo.*")).isFalse();
        assertThat(EventNames.matches("other.ping", "demo.*")).isFalse();
        assertThat(EventNames.matches("user.created", "*.created")).isTrue();
        assertThat(EventNames.matches("$circuit-breaker.half-opened", "$circuit-breaker.*"))
                .isTrue();
    }

    @Test
    void twoStarsMatchAnyDepth() {
        assertThat(EventNames.matches("demo.ping.pong", "demo.**")).isTrue();
        assertThat(EventNames.matches("anything.at.all", "**")).isTrue();
    }

    @Test
    void questionMarkMatchesAnyOneCharacterAsInMoleculer() {
        assertThat(EventNames.matches("user.a", "user.?")).isTrue();
        assertThat(EventNames.matches("user.ab", "user.?")).isFalse();
        // Moleculer turns ? into the regex '.', which matches a dot too
        assertThat(EventNames.matches("user.created", "user?created")).isTrue();
    }
}
