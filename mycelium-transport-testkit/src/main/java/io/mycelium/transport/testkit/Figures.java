package io.mycelium.transport.testkit;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.spi.Transporter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/** A timed loop between two transporters: remote round trip (median, p99) and events per second. */
public final class Figures {
    private Figures() {}

    public static void measure(String name, Transporter ta, RecordingContext a, Transporter tb, RecordingContext b)
            throws Exception {
        AtomicReference<CompletableFuture<Void>> pending = new AtomicReference<>(new CompletableFuture<>());
        b.onReceive((type, p) -> {
            if (type == PacketType.REQUEST) {
                tb.send(PacketType.RESPONSE, Destination.node(a.nodeId()), p.getBytes(StandardCharsets.UTF_8));
            }
        });
        a.onReceive((type, p) -> {
            if (type == PacketType.RESPONSE) {
                CompletableFuture<Void> f = pending.get();
                if (f != null) {
                    f.complete(null);
                }
            }
        });
        int warmUp = 300;
        int rounds = 2000;
        long[] samples = new long[rounds];
        byte[] request =
                ("{\"ver\":\"5\",\"sender\":\"a\",\"id\":\"r\",\"action\":\"math.add\",\"params\":{\"a\":1,\"b\":2},"
                                + "\"meta\":{},\"timeout\":0,\"level\":1}")
                        .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < warmUp + rounds; i++) {
            CompletableFuture<Void> reply = new CompletableFuture<>();
            pending.set(reply);
            long t0 = System.nanoTime();
            ta.send(PacketType.REQUEST, Destination.node(b.nodeId()), request.clone());
            reply.get(5, TimeUnit.SECONDS);
            if (i >= warmUp) {
                samples[i - warmUp] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(samples);

        AtomicInteger events = new AtomicInteger();
        b.onReceive((type, p) -> {
            if (type == PacketType.EVENT) {
                events.incrementAndGet();
            }
        });
        a.onReceive((type, p) -> {});
        int total = 50_000;
        byte[] event = ("{\"ver\":\"5\",\"sender\":\"a\",\"id\":\"e\",\"event\":\"user.created\",\"data\":{\"id\":42,"
                        + "\"name\":\"Ada\",\"email\":\"ada@example.org\"},\"groups\":null,\"broadcast\":false,\"meta\":{},"
                        + "\"level\":1,\"needAck\":false}")
                .getBytes(StandardCharsets.UTF_8);
        Semaphore window = new Semaphore(2048);
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            window.acquire();
            ta.send(PacketType.EVENT, Destination.node(b.nodeId()), event.clone())
                    .whenComplete((x, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                        }
                        window.release();
                    });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int seen = events.get();
        while (seen < total - failed.get() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000); // polling a counter for a measurement, not synchronising
            seen = events.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "FIGURES %s: round trip median %.1f us, p99 %.1f us (%d rounds); %d events in %.2f s = %.0f events/s"
                        + " (%d send failures)%n",
                name,
                samples[rounds / 2] / 1e3,
                samples[rounds * 99 / 100] / 1e3,
                rounds,
                seen,
                seconds,
                seen / seconds,
                failed.get());
    }
}
