package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventNamesTest {

    @Test
    void plainNamesMatchOnlyThemselves() {
        assertThat(EventNames.matches("user.created", "user.created")).isTrue();
        assertThat(EventNames.matches("user.created", "user.created.v2")).isFalse();
    }

    @Test
    void oneStarMatchesOneSegment() {
        assertThat(EventNames.matches("demo.*", "demo.ping")).isTrue();
        assertThat(EventNames.matches("demo.*", "demo.ping.pong")).isFalse();
        assertThat(EventNames.matches("demo.*", "other.ping")).isFalse();
        assertThat(EventNames.matches("*.created", "user.created")).isTrue();
    }

    @Test
    void twoStarsMatchAnyDepth() {
        assertThat(EventNames.matches("demo.**", "demo.ping.pong")).isTrue();
        assertThat(EventNames.matches("**", "anything.at.all")).isTrue();
    }

    @Test
    void questionMarkMatchesOneCharacterInASegment() {
        assertThat(EventNames.matches("user.?", "user.a")).isTrue();
        assertThat(EventNames.matches("user?created", "user.created")).isFalse();
    }
}
