package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.ServiceBroker;
import io.mycelium.stats.CallSide;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code mycelium stats} against a demo node in this JVM over {@code memory://}. */
class StatsCommandTest {

    @Test
    void redrawsATableOfEachActionsCallsErrorsAndLatencies() {
        String namespace = "t-" + UUID.randomUUID();
        ServiceBroker node = ServiceBroker.builder()
                .nodeId("mem-node")
                .namespace(namespace)
                .transporter("memory://")
                .build();
        new DemoServices((name, ctx) -> {}).registerAll(node);
        node.start();
        try {
            for (int i = 0; i < 5; i++) {
                node.call("math.add", Map.of("a", i, "b", 1)).join();
            }
            node.call("demo.fail", Map.of()).handle((v, e) -> null).join();

            // one run, two refreshes: the table redrawn in place; the second has calls per second
            Launcher.Result r = InProcess.run(
                    "-t",
                    "memory://",
                    "-n",
                    namespace,
                    "stats",
                    "--node",
                    "mem-node",
                    "--watch",
                    "--count",
                    "2",
                    "--interval",
                    "100");
            assertThat(r.exit()).as(r.toString()).isZero();
            String[] frames = r.out().split("\033\\[H\033\\[2J");
            assertThat(frames).hasSize(3); // before the first clear, then two frames
            String last = frames[2];
            assertThat(last).contains("CALLS/S").doesNotContain("$node");
            // NODE ID, ACTION, SIDE, CALLS, CALLS/S, ERRORS, P50 (value, unit), P99 (value, unit), IN FLIGHT
            String[] add = row(last, "math.add");
            assertThat(add).containsSubsequence("mem-node", "math.add", "local", "5", "0.0", "0");
            assertThat(add[10]).isEqualTo("0");
            String[] fail = row(last, "demo.fail");
            assertThat(fail[3]).isEqualTo("1");
            assertThat(fail[5]).isEqualTo("1");
        } finally {
            node.stop();
        }
    }

    @Test
    void watchShowsANodeThatJoinsAfterTheFirstRefresh() throws Exception {
        String namespace = "t-" + UUID.randomUUID();
        ServiceBroker first = ServiceBroker.builder()
                .nodeId("mem-first")
                .namespace(namespace)
                .transporter("memory://")
                .build();
        new DemoServices((name, ctx) -> {}).registerAll(first);
        first.start();
        ServiceBroker late = ServiceBroker.builder()
                .nodeId("mem-late")
                .namespace(namespace)
                .transporter("memory://")
                .build();
        new DemoServices((name, ctx) -> {}).registerAll(late);
        // starts the second node once the command has read the first one's metrics (its first refresh)
        Thread starter = Thread.ofVirtual().start(() -> {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline
                    && first.statistics()
                            .action("$node.metrics", CallSide.HANDLED)
                            .isEmpty()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            late.start();
            late.call("math.add", Map.of("a", 1, "b", 1)).join();
        });
        try {
            Launcher.Result r = InProcess.run(
                    "-t", "memory://", "-n", namespace, "stats", "--watch", "--count", "20", "--interval", "300");
            assertThat(r.exit()).as(r.toString()).isZero();
            String[] frames = r.out().split("\033\\[H\033\\[2J");
            assertThat(frames[1]).contains("1 node(s)").doesNotContain("mem-late");
            // mem-first shows no row: only internal $node.* actions were called on it
            assertThat(frames[frames.length - 1]).contains("2 node(s)").contains("mem-late  math.add");
        } finally {
            starter.join(30_000);
            late.stop();
            first.stop();
        }
    }

    private static String[] row(String table, String action) {
        for (String line : table.split("\n")) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length == 11 && cells[1].equals(action)) {
                return cells;
            }
        }
        throw new AssertionError(action + " not in\n" + table);
    }
}
