package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.ServiceBroker;
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
