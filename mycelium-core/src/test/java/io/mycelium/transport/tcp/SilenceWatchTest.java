package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SilenceWatchTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final List<String> done = new ArrayList<>();
    private final SilenceWatch watch = new SilenceWatch(1500 * MS, new SilenceWatch.Actions() {
        @Override
        public void ping(Peer peer) {
            done.add("ping " + peer.id);
        }

        @Override
        public void suspect(Peer peer, long silentMillis) {
            done.add("suspect " + peer.id + " " + silentMillis);
            peer.available = false; // what the transporter's suspicion does
        }

        @Override
        public void redial(Peer peer) {
            done.add("redial " + peer.id);
        }
    });

    private static Peer peer() {
        Peer peer = new Peer("b", 0);
        peer.available = true;
        return peer;
    }

    @Test
    void aPeerNothingWasSentToIsLeftAlone() {
        Peer peer = peer();
        for (long t = 0; t <= 10_000; t += 150) {
            watch.tick(List.of(peer), t * MS);
        }
        assertThat(done).isEmpty();
    }

    @Test
    void aPeerSilentWhileAwaitedIsPingedThenSuspectedOnce() {
        Peer peer = peer();
        SilenceWatch.sent(peer, 100 * MS);
        for (long t = 100; t <= 2000; t += 150) {
            watch.tick(List.of(peer), t * MS);
        }
        assertThat(done).containsExactly("ping b", "ping b", "suspect b 1500");
    }

    @Test
    void anyFrameFromThePeerEndsTheWait() {
        Peer peer = peer();
        SilenceWatch.sent(peer, 100 * MS);
        watch.tick(List.of(peer), 700 * MS);
        peer.lastFrameNanos = 750 * MS; // its PONG, or a response
        for (long t = 800; t <= 5000; t += 150) {
            watch.tick(List.of(peer), t * MS);
        }
        assertThat(done).containsExactly("ping b");
    }

    @Test
    void aSuspectedPeerIsRedialledUntilItIsBackAndItsOldWaitDoesNotCount() {
        Peer peer = peer();
        SilenceWatch.sent(peer, 10 * MS);
        watch.tick(List.of(peer), 1600 * MS);
        for (long t = 1700; t <= 3100; t += 100) {
            watch.tick(List.of(peer), t * MS);
        }
        assertThat(done).filteredOn(s -> s.startsWith("redial")).hasSize(3);
        peer.available = true; // it answered the redial's gossip
        done.clear();
        for (long t = 3200; t <= 6000; t += 100) {
            watch.tick(List.of(peer), t * MS);
        }
        assertThat(done).isEmpty();
        SilenceWatch.sent(peer, 6000 * MS);
        watch.tick(List.of(peer), 6600 * MS);
        assertThat(done).containsExactly("ping b");
    }
}
