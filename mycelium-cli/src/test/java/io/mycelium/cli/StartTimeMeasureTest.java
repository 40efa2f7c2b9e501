package io.mycelium.cli;

import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StartTimeMeasureTest {
    @Test
    void measure() {
        int udp = 30000 + new java.util.Random().nextInt(10000);
        String[] urls = {
            "memory://",
            "tcp://127.0.0.1:0?udpBindAddress=127.0.0.1&udpPort=" + udp,
            "nats://127.0.0.1:4222",
            "redis://127.0.0.1:6379",
            "amqp://guest:guest@127.0.0.1:5672",
            "mqtt://127.0.0.1:1883"
        };
        StringBuilder out = new StringBuilder();
        for (String url : urls) {
            for (boolean withPeer : new boolean[] {false, true}) {
                for (Duration check : new Duration[] {Duration.ZERO, Duration.ofSeconds(1)}) {
                    String ns = "m-" + UUID.randomUUID().toString().substring(0, 8);
                    ServiceBroker peer = null;
                    if (withPeer) {
                        peer = ServiceBroker.builder()
                                .nodeId("peer")
                                .namespace(ns)
                                .transporter(url)
                                .build();
                        peer.start();
                    }
                    List<Long> ms = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        ServiceBroker b = ServiceBroker.builder()
                                .nodeId("n" + i)
                                .namespace(ns)
                                .transporter(url)
                                .duplicateIdCheck(check)
                                .build();
                        long t = System.nanoTime();
                        b.start();
                        ms.add((System.nanoTime() - t) / 1_000_000);
                        b.stop();
                    }
                    if (peer != null) {
                        peer.stop();
                    }
                    Collections.sort(ms);
                    out.append(String.format(
                            "%-12s peer=%-5s check=%-5s median %d ms %s%n",
                            url.substring(0, url.indexOf(':')), withPeer, check, ms.get(2), ms));
                }
            }
        }
        System.out.println("STARTTIME\n" + out);
    }
}
