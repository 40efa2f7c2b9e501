package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The figures the chaos suite reports, computed from recorded calls and emits. */
class ChaosResultTest {

    private static final String DEAD = "doomed";

    private static ChaosTraffic.Call call(long start, long end, String node, @Nullable String error) {
        ChaosTraffic.Call c = new ChaosTraffic.Call(start);
        c.node = node;
        c.error = error;
        c.endMillis = end;
        return c;
    }

    private static ChaosTraffic.Emit emit(long seq, @Nullable String error) {
        ChaosTraffic.Emit e = new ChaosTraffic.Emit(seq);
        e.error = error;
        e.done = true;
        return e;
    }

    /** 100 calls a second for {@code seconds}, alternating between the two nodes until {@code deadUntil}. */
    private static List<ChaosTraffic.Call> traffic(long seconds, long fault, long deadUntil) {
        List<ChaosTraffic.Call> calls = new ArrayList<>();
        for (long t = 0; t < seconds * 1000; t += 10) {
            boolean toDead = (t / 10) % 2 == 0 && t < deadUntil;
            if (toDead && t >= fault) {
                calls.add(call(t, t + 3000, DEAD, "RequestTimeoutException"));
            } else {
                calls.add(call(t, t + 1, toDead ? DEAD : "survivor", null));
            }
        }
        return calls;
    }

    private static ChaosResult result(
            List<ChaosTraffic.Call> calls, List<ChaosTraffic.Emit> emits, Map<Long, Integer> handled) {
        return ChaosResult.of(new ChaosResult.Observed("T", "s", calls, emits, handled, 4000, DEAD, 4000, 10_000));
    }

    @Test
    void trafficLeavesTheDeadNodeAtTheLastCallSentToIt() {
        ChaosResult r = result(traffic(10, 4000, 5500), List.of(), Map.of());

        assertThat(r.offDeadNode()).isEqualTo("1480 ms");
        assertThat(r.failed()).containsExactly(Map.entry("RequestTimeoutException", 75));
        assertThat(r.answered() + 75).isEqualTo(r.calls());
        assertThat(r.hungCalls()).isZero();
    }

    @Test
    void aDeadNodeStillCalledAtTheEndIsReportedAsSuch() {
        ChaosResult r = result(traffic(10, 4000, 20_000), List.of(), Map.of());

        assertThat(r.offDeadNode()).startsWith("> 6.0 s");
    }

    @Test
    void throughputIsBackAtTheFirstHalfSecondAtFourFifthsOfTheRateBefore() {
        List<ChaosTraffic.Call> calls = new ArrayList<>(traffic(4, 4000, 0));
        for (long t = 6000; t < 10_000; t += 10) {
            calls.add(call(t, t + 1, "survivor", null));
        }
        calls.add(call(3990, 3990, "survivor", null));
        ChaosTraffic.Call pending = new ChaosTraffic.Call(5000);
        calls.add(pending);

        ChaosResult r = result(calls, List.of(), Map.of());

        assertThat(r.throughputBack()).isEqualTo("2000 ms");
        assertThat(r.minCallsPerSecondAfter()).isZero();
        assertThat(r.hungCalls()).isEqualTo(1);
    }

    @Test
    void eventsAreLostWhenTheirEmitSucceededButNobodyHandledThem() {
        List<ChaosTraffic.Emit> emits =
                List.of(emit(0, null), emit(1, null), emit(2, "BrokerDisconnectedException"), emit(3, null));
        ChaosResult r = result(traffic(5, 4000, 0), emits, Map.of(0L, 1, 3L, 2, 7L, 1));

        assertThat(r.lost()).as("seq 1").isEqualTo(1);
        assertThat(r.duplicated()).as("seq 3 twice").isEqualTo(1);
        assertThat(r.phantom()).as("seq 7 was never emitted").isEqualTo(1);
        assertThat(r.emitFailed()).containsExactly(Map.entry("BrokerDisconnectedException", 1));
        assertThat(r.handled()).isEqualTo(3);
    }
}
