package io.mycelium.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mycelium.StreamOverflowException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkReassemblerTest {

    @Test
    void deliversChunksThatArriveOutOfOrderInSeqOrder() {
        ChunkReassembler<String> order = new ChunkReassembler<>("r1", 1000);
        List<String> out = new ArrayList<>();

        out.addAll(order.accept(2, "c2", 10));
        out.addAll(order.accept(3, "c3", 10));
        assertThat(out).isEmpty();
        assertThat(order.waiting()).isEqualTo(2);
        out.addAll(order.accept(0, "start", 10));
        assertThat(out).containsExactly("start");
        out.addAll(order.accept(1, "c1", 10));

        assertThat(out).containsExactly("start", "c1", "c2", "c3");
        assertThat(order.next()).isEqualTo(4);
        assertThat(order.waiting()).isZero();
        assertThat(order.accept(5, "end", 0)).isEmpty();
        assertThat(order.accept(4, "c4", 10)).containsExactly("c4", "end");
    }

    @Test
    void dropsDuplicatesAndPacketsAlreadyDelivered() {
        ChunkReassembler<String> order = new ChunkReassembler<>("r2", 1000);
        assertThat(order.accept(0, "start", 1)).containsExactly("start");
        assertThat(order.accept(0, "start again", 1)).isEmpty();
        assertThat(order.accept(2, "c2", 1)).isEmpty();
        assertThat(order.accept(2, "c2 again", 1)).isEmpty();
        assertThat(order.accept(1, "c1", 1)).containsExactly("c1", "c2");
    }

    @Test
    void failsTypedWhenTooManyBytesWaitForAMissingChunk() {
        ChunkReassembler<String> order = new ChunkReassembler<>("r3", 100);
        order.accept(0, "start", 0);
        order.accept(2, "c2", 60);

        assertThatThrownBy(() -> order.accept(3, "c3", 60))
                .isInstanceOf(StreamOverflowException.class)
                .hasMessageContaining("r3");
    }
}
