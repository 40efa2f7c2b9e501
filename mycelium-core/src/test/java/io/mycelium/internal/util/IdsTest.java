package io.mycelium.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IdsTest {

    private static final Pattern UUID_V4 =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    @Test
    void idsAreUuidVersion4TextAsMoleculerMakesThem() {
        Ids ids = new Ids();
        for (int i = 0; i < 1000; i++) {
            String id = ids.next();
            assertThat(id).matches(UUID_V4);
            UUID parsed = UUID.fromString(id);
            assertThat(parsed.version()).isEqualTo(4);
            assertThat(parsed.variant()).isEqualTo(2);
        }
    }

    @Test
    void idsAreUniqueAcrossThreadsAndInstances() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        Ids shared = new Ids();
        for (int t = 0; t < 8; t++) {
            Ids ids = t < 4 ? shared : new Ids();
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 25_000; i++) {
                    seen.add(ids.next());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(seen).hasSize(200_000);
    }

    @Test
    void everyRandomBitTakesBothValues() {
        // 122 random bits: each one is 0 and 1 about half the time over 4096 ids; a counter or a fixed prefix
        // would leave bits constant
        Ids ids = new Ids();
        int n = 4096;
        int[] ones = new int[128];
        for (int i = 0; i < n; i++) {
            UUID u = UUID.fromString(ids.next());
            for (int b = 0; b < 64; b++) {
                ones[b] += (int) ((u.getMostSignificantBits() >>> b) & 1);
                ones[64 + b] += (int) ((u.getLeastSignificantBits() >>> b) & 1);
            }
        }
        Set<Integer> fixed = new HashSet<>();
        for (int b = 0; b < 128; b++) {
            if (ones[b] == 0 || ones[b] == n) {
                fixed.add(b);
            } else {
                assertThat(ones[b]).as("bit %d", b).isBetween(n / 2 - 300, n / 2 + 300);
            }
        }
        // only the version (msb bits 12-15) and variant (lsb bits 62-63) are fixed
        assertThat(fixed).containsExactlyInAnyOrder(12, 13, 14, 15, 64 + 62, 64 + 63);
    }
}
