package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.CallOptions;
import io.mycelium.ServiceBroker;
import io.mycelium.protocol.GossipHelloPacket;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.SerializerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The slow-fill attack of issue 13 against a node in its own JVM, with the default bounds except the
 * per-address cap (every socket here comes from 127.0.0.1; with the default of 64 most would simply be
 * refused, and the point is to fill the buffers): 200 connections each send the header of a 1 MiB frame
 * and half of it, then stall; half of them first pass for a peer with a GOSSIP_HELLO. The node's RSS must
 * grow by less than 64 MiB, every stalled connection must be closed within a minute, and calls from a
 * legitimate node keep being answered throughout.
 */
class TcpSlowFillProcessTest {

    private static final int CONNECTIONS = 200;
    private static final int FRAME = 1024 * 1024;

    @Test
    void stalledHalfFramesAreBoundedAndClosedWhileCallsGoOn() throws Exception {
        String namespace = "t-" + UUID.randomUUID().toString().substring(0, 13);
        int port = freePort();
        String common = "?host=127.0.0.1&udpBindAddress=127.0.0.1&udpPort="
                + (20000 + ThreadLocalRandom.current().nextInt(20000));
        String target = "target-" + namespace;
        ServiceBroker driver = null;
        try (NodeProcess node = new NodeProcess(
                target,
                namespace,
                "tcp://" + common + "&port=" + port + "&maxInboundConnectionsPerAddress=256",
                List.of("-Xmx128m"))) {
            node.awaitReady();
            driver = ServiceBroker.builder()
                    .nodeId("driver-" + namespace)
                    .namespace(namespace)
                    .transporter("tcp://" + common)
                    .requestTimeout(Duration.ofSeconds(5))
                    .build();
            driver.start();
            ServiceBroker d = driver;
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> whoami(d, target)
                    .equals(target));
            for (int i = 0; i < 50; i++) {
                whoami(d, target);
            }
            // let the JVM settle after start-up before the baseline
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            long before = node.rssKib();

            AtomicBoolean attacking = new AtomicBoolean(true);
            AtomicLong peak = new AtomicLong(before);
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (attacking.get()) {
                    try {
                        peak.accumulateAndGet(node.rssKib(), Math::max);
                        Thread.sleep(100);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            AtomicInteger answered = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicLong slowest = new AtomicLong();
            Thread caller = Thread.ofVirtual().start(() -> {
                while (attacking.get()) {
                    long t0 = System.nanoTime();
                    try {
                        whoami(d, target);
                        answered.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                    slowest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });

            Serializer json = ServiceLoader.load(SerializerProvider.class).stream()
                    .map(ServiceLoader.Provider::get)
                    .filter(p -> p.name().equals("json"))
                    .findFirst()
                    .orElseThrow()
                    .create();
            byte[] half = RawPeer.frame(0, FRAME, PacketType.REQUEST.tcpId(), new byte[FRAME / 2]);
            long start = System.nanoTime();
            List<Socket> sockets = new ArrayList<>();
            long[] closedAt = new long[CONNECTIONS];
            List<Thread> watchers = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                sockets.add(s);
                int index = i;
                watchers.add(Thread.ofVirtual().start(() -> {
                    try (InputStream in = s.getInputStream()) {
                        while (in.read() >= 0) {
                            // skip what the node sends
                        }
                    } catch (IOException e) {
                        // reset: closed too
                    }
                    closedAt[index] = System.nanoTime();
                }));
                try {
                    if (i % 2 == 0) {
                        s.getOutputStream()
                                .write(RawPeer.frame(
                                        PacketType.GOSSIP_HELLO.tcpId(),
                                        json.serialize(new GossipHelloPacket("raw-" + i, "127.0.0.1", 1))));
                    }
                    s.getOutputStream().write(half);
                } catch (IOException e) {
                    // closed by the node while writing: counted by its watcher
                }
            }
            long written = System.nanoTime();
            for (Thread w : watchers) {
                w.join(Duration.ofSeconds(60));
            }
            long allClosed = System.nanoTime();
            long after = node.rssKib();
            attacking.set(false);
            sampler.join();
            caller.join();
            for (Socket s : sockets) {
                s.close();
            }

            long hellos = 0;
            long maxHello = 0;
            long maxRaw = 0;
            int open = 0;
            for (int i = 0; i < CONNECTIONS; i++) {
                if (closedAt[i] == 0) {
                    open++;
                    continue;
                }
                long ms = TimeUnit.NANOSECONDS.toMillis(closedAt[i] - start);
                if (i % 2 == 0) {
                    hellos++;
                    maxHello = Math.max(maxHello, ms);
                } else {
                    maxRaw = Math.max(maxRaw, ms);
                }
            }
            System.out.printf(
                    "slow fill: RSS before %d KiB, peak %d KiB (+%d KiB), after %d KiB; attack written in %d ms;"
                            + " all %d closed %d ms after the first connect (raw: last at %d ms, after a hello: last at"
                            + " %d ms); %d calls answered during the attack, %d failed, slowest %d ms%n",
                    before,
                    peak.get(),
                    peak.get() - before,
                    after,
                    TimeUnit.NANOSECONDS.toMillis(written - start),
                    CONNECTIONS - open,
                    TimeUnit.NANOSECONDS.toMillis(allClosed - start),
                    maxRaw,
                    maxHello,
                    answered.get(),
                    failures.size(),
                    TimeUnit.NANOSECONDS.toMillis(slowest.get()));
            assertThat(open).as("connections still open after a minute").isZero();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(allClosed - start)).isLessThan(60);
            assertThat(hellos).isEqualTo(CONNECTIONS / 2);
            assertThat(peak.get() - before).as("RSS growth in KiB").isLessThan(64 * 1024);
            assertThat(failures).as("calls failed during the attack").isEmpty();
            assertThat(answered.get()).isGreaterThan(20);
            assertThat(whoami(d, target)).isEqualTo(target);
        } finally {
            if (driver != null) {
                driver.stop();
            }
        }
    }

    private static String whoami(ServiceBroker broker, String node) throws Exception {
        return broker.call(
                        "echo.whoami", null, CallOptions.builder().nodeId(node).build(), String.class)
                .get(10, TimeUnit.SECONDS);
    }

    /** A free port below the ephemeral range. */
    private static int freePort() throws IOException {
        for (int i = 0; i < 100; i++) {
            int candidate = 20000 + ThreadLocalRandom.current().nextInt(12000);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", candidate));
                return candidate;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IOException("no free port");
    }
}
