package io.mycelium.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LivenessScheduleTest {
    private static final Duration INTERVAL = Duration.ofMillis(20);

    private final Nodes context = new Nodes(List.of(
            node("me", true, true), node("alive", false, true), node("down", false, false), node("other", false, true)));
    private final BlockingQueue<List<String>> rounds = new LinkedBlockingQueue<>();

    @AfterEach
    void closeScheduler() {
        context.scheduler.shutdownNow();
    }

    @Test
    void roundsAskAboutTheRemoteAvailableNodesOnly() throws InterruptedException {
        LivenessSchedule schedule = LivenessSchedule.create(context, INTERVAL);
        schedule.start((ids, done) -> {
            rounds.add(ids);
            done.run();
        });

        assertThat(rounds.poll(5, TimeUnit.SECONDS)).containsExactly("alive", "other");
        assertThat(rounds.poll(5, TimeUnit.SECONDS)).containsExactly("alive", "other");
        schedule.stop();
    }

    @Test
    void noRoundStartsUntilThePreviousOneIsDone() throws InterruptedException {
        LivenessSchedule schedule = LivenessSchedule.create(context, INTERVAL);
        BlockingQueue<Runnable> pending = new LinkedBlockingQueue<>();
        schedule.start((ids, done) -> {
            rounds.add(ids);
            pending.add(done);
        });

        assertThat(rounds.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(rounds.poll(10 * INTERVAL.toMillis(), TimeUnit.MILLISECONDS)).isNull();
        Runnable done = pending.poll(5, TimeUnit.SECONDS);
        assertThat(done).isNotNull();
        done.run();
        assertThat(rounds.poll(5, TimeUnit.SECONDS)).isNotNull();
        schedule.stop();
    }

    @Test
    void aRoundThatThrowsDoesNotStopTheNextOnes() throws InterruptedException {
        LivenessSchedule schedule = LivenessSchedule.create(context, INTERVAL);
        AtomicBoolean thrown = new AtomicBoolean();
        schedule.start((ids, done) -> {
            if (thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("broker said no");
            }
            rounds.add(ids);
            done.run();
        });

        assertThat(rounds.poll(5, TimeUnit.SECONDS)).containsExactly("alive", "other");
        assertThat(thrown).isTrue();
        schedule.stop();
    }

    @Test
    void aReconnectHoldsJudgementForTwoIntervals() throws InterruptedException {
        LivenessSchedule schedule = LivenessSchedule.create(context, Duration.ofMillis(200));
        assertThat(schedule.quiet()).isFalse();

        long before = System.nanoTime();
        schedule.reconnected();
        boolean quietAtOnce = schedule.quiet();
        long checkedAfter = System.nanoTime() - before;
        if (checkedAfter < Duration.ofMillis(400).toNanos()) {
            assertThat(quietAtOnce).isTrue();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (schedule.quiet() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(schedule.quiet()).isFalse();
        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
    }

    @Test
    void aZeroIntervalNeverProbesAndANegativeOneIsRefused() throws InterruptedException {
        LivenessSchedule off = LivenessSchedule.create(context, Duration.ZERO);
        off.start((ids, done) -> rounds.add(ids));
        off.stop();
        assertThat(rounds.poll(100, TimeUnit.MILLISECONDS)).isNull();
        assertThatThrownBy(() -> LivenessSchedule.create(context, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static NodeSnapshot node(String id, boolean local, boolean available) {
        return new NodeSnapshot(id, local, available, 1, 0, 0, Optional.empty());
    }

    /** A context that knows a fixed set of nodes and has a scheduler; nothing else is used by the schedule. */
    private static final class Nodes implements TransportContext {
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        private final List<NodeSnapshot> nodes;

        Nodes(List<NodeSnapshot> nodes) {
            this.nodes = nodes;
        }

        @Override
        public String nodeId() {
            return "me";
        }

        @Override
        public String namespace() {
            return "liveness-schedule-test";
        }

        @Override
        public Serializer serializer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void receive(PacketType type, byte[] payload) {}

        @Override
        public void receive(Packet packet) {}

        @Override
        public void nodeCpu(String nodeId, long cpuSeq, int cpu) {}

        @Override
        public void nodeUnreachable(String nodeId, String reason) {}

        @Override
        public void connectionLost(Throwable cause) {}

        @Override
        public void connectionRestored() {}

        @Override
        public InfoPacket localInfo() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<NodeSnapshot> nodes() {
            return nodes;
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return scheduler;
        }
    }
}
