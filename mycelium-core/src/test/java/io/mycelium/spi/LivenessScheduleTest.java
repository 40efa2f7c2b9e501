package io.mycelium.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private final List<NodeSnapshot> nodes = List.of(
            node("me", true, true), node("alive", false, true), node("down", false, false), node("other", false, true));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<List<String>> rounds = new LinkedBlockingQueue<>();

    @AfterEach
    void closeScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void roundsAskAboutTheRemoteAvailableNodesOnly() throws InterruptedException {
        LivenessSchedule schedule = every(INTERVAL);
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
        LivenessSchedule schedule = every(INTERVAL);
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
        LivenessSchedule schedule = every(INTERVAL);
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
    void noNodeIsJudgedWithinTwoIntervalsOfAReconnect() throws InterruptedException {
        Duration interval = Duration.ofMillis(300);
        LivenessSchedule schedule = every(interval);
        assertThat(schedule.quiet()).isFalse();
        BlockingQueue<Long> startedAt = new LinkedBlockingQueue<>();

        long reconnectedAt = System.nanoTime(); // read before the call: the quiet period ends after this plus two
        schedule.reconnected();
        assertThat(schedule.quiet()).isTrue();
        schedule.start((ids, done) -> {
            startedAt.add(System.nanoTime());
            done.run();
        });

        Long first = startedAt.poll(5, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first - reconnectedAt)
                .isGreaterThanOrEqualTo(interval.multipliedBy(2).toNanos());
        assertThat(schedule.quiet()).isFalse();
        schedule.stop();
    }

    @Test
    void aZeroIntervalNeverProbesAndANegativeOneIsRefused() throws InterruptedException {
        LivenessSchedule off = every(Duration.ZERO);
        off.start((ids, done) -> rounds.add(ids));
        off.stop();
        assertThat(rounds.poll(100, TimeUnit.MILLISECONDS)).isNull();
        assertThatThrownBy(() -> every(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    private LivenessSchedule every(Duration interval) {
        return new LivenessSchedule("me", scheduler, () -> nodes, interval);
    }

    private static NodeSnapshot node(String id, boolean local, boolean available) {
        return new NodeSnapshot(id, local, available, 1, 0, 0, Optional.empty());
    }
}
