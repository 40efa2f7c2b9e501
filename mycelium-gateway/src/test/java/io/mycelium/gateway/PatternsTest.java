package io.mycelium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatternsTest {

    @Test
    void followsMoleculerWildcards() {
        Patterns p = Patterns.of(List.of("math.*", "orders.**", "user.?et", "$node.list"));
        assertThat(p.matches("math.add")).isTrue();
        assertThat(p.matches("math.add.deep")).isFalse();
        assertThat(p.matches("orders.a.b.c")).isTrue();
        assertThat(p.matches("user.get")).isTrue();
        assertThat(p.matches("user.gett")).isFalse();
        assertThat(p.matches("$node.list")).isTrue();
        assertThat(p.matches("mathXadd")).isFalse(); // the dot is literal
        assertThat(p.firstMatch("orders.x")).isEqualTo(1);
        assertThat(p.firstMatch("none")).isEqualTo(-1);
    }

    @Test
    void anEmptyListMatchesNothing() {
        assertThat(Patterns.of(List.of()).matches("anything")).isFalse();
    }
}
