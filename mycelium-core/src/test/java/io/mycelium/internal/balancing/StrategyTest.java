package io.mycelium.internal.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.Strategies;
import io.mycelium.spi.Endpoint;
import io.mycelium.spi.Selection;
import io.mycelium.spi.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StrategyTest {
    record Ep(String nodeId, boolean local, OptionalInt cpu, Optional<Duration> latency) implements Endpoint {
        static Ep of(String id, int cpu, long latencyMillis) {
            return new Ep(id, false, OptionalInt.of(cpu), Optional.of(Duration.ofMillis(latencyMillis)));
        }
    }

    record Sel(String name, Map<String, String> params) implements Selection {
        @Override
        public Optional<String> key(String key) {
            return Optional.ofNullable(params.get(key));
        }
    }

    static final List<Ep> NODES = List.of(Ep.of("a", 90, 50), Ep.of("b", 5, 1), Ep.of("c", 50, 20));

    static Map<String, Integer> spread(Strategy s, int n, Sel sel) {
        Map<String, Integer> count = new HashMap<>();
        for (int i = 0; i < n; i++) {
            count.merge(s.select(NODES, sel).nodeId(), 1, Integer::sum);
        }
        return count;
    }

    @Test
    void roundRobinTakesEachCandidateInTurnPerAction() {
        Strategy rr = Strategies.roundRobin();
        assertThat(spread(rr, 300, new Sel("x", Map.of())))
                .containsEntry("a", 100)
                .containsEntry("b", 100)
                .containsEntry("c", 100);
    }

    @Test
    void cpuAndLatencyPreferTheLeastLoadedAndFastestNode() {
        Map<String, Integer> cpu = spread(Strategies.cpu(), 1000, new Sel("x", Map.of()));
        Map<String, Integer> latency = spread(Strategies.latency(), 1000, new Sel("x", Map.of()));
        assertThat(cpu.get("b")).isGreaterThan(600);
        assertThat(latency.get("b")).isGreaterThan(600);
        assertThat(Strategies.latency().needsLatency()).isTrue();
    }

    @Test
    void shardSendsTheSameKeyToTheSameNodeAndMovesFewKeysWhenANodeLeaves() {
        Strategy shard = Strategies.shard("userId");
        Map<String, String> before = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            Sel sel = new Sel("x", Map.of("userId", "u" + i));
            String node = shard.select(NODES, sel).nodeId();
            assertThat(shard.select(NODES, sel).nodeId()).isEqualTo(node);
            before.put("u" + i, node);
        }
        assertThat(new ArrayList<>(before.values())).contains("a", "b", "c");
        List<Ep> withoutC = NODES.subList(0, 2);
        for (var e : before.entrySet()) {
            String now = shard.select(withoutC, new Sel("x", Map.of("userId", e.getKey())))
                    .nodeId();
            if (!e.getValue().equals("c")) {
                assertThat(now).isEqualTo(e.getValue());
            }
        }
        assertThat(spread(shard, 30, new Sel("x", Map.of()))).hasSize(3);
    }
}
