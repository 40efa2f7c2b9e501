package io.mycelium.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mycelium.MyceliumException;
import io.mycelium.StreamCancelledException;
import io.mycelium.StreamIdleTimeoutException;
import io.mycelium.StreamOverflowException;
import io.mycelium.spi.PushBack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InboundStreamTest {

    private final List<InboundStream> aborted = new ArrayList<>();

    private InboundStream stream(long limit) {
        return new InboundStream("s1", limit, TimeUnit.SECONDS.toNanos(5), aborted::add);
    }

    @Test
    void readsChunksInOrderThenEnds() throws Exception {
        InboundStream in = stream(100);
        in.push(new byte[] {1, 2, 3}, PushBack.NONE);
        in.push(new byte[] {4}, PushBack.NONE);
        in.end();

        byte[] all = in.readAllBytes();

        assertThat(all).containsExactly(1, 2, 3, 4);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.peakBufferedBytes()).isEqualTo(4);
        assertThat(aborted).isEmpty();
    }

    @Test
    void overflowingTheBufferFailsTheReaderWithATypedError() {
        InboundStream in = stream(10);
        assertThat(in.push(new byte[8], PushBack.NONE)).isTrue();

        assertThat(in.push(new byte[8], PushBack.NONE)).isFalse();

        assertThatThrownBy(in::read).isInstanceOf(StreamOverflowException.class);
        assertThat(((MyceliumException) catchRead(in)).type()).isEqualTo("STREAM_OVERFLOW");
        assertThat(aborted).containsExactly(in);
        assertThat(in.peakBufferedBytes()).isLessThanOrEqualTo(10);
    }

    @Test
    void pausesTheSenderAboveHalfTheLimitAndResumesBelowAQuarter() throws Exception {
        AtomicInteger paused = new AtomicInteger();
        Optional<Runnable> resume = Optional.of(paused::decrementAndGet);
        PushBack pushBack = () -> {
            paused.incrementAndGet();
            return resume;
        };
        InboundStream in = new InboundStream("s2", 100, TimeUnit.SECONDS.toNanos(5), aborted::add);

        in.push(new byte[40], pushBack);
        assertThat(paused).hasValue(0);
        in.push(new byte[20], pushBack);
        assertThat(paused).hasValue(1);
        in.push(new byte[20], pushBack);
        assertThat(paused).as("paused once only").hasValue(1);

        in.readNBytes(50);
        assertThat(paused).as("30 left: still above a quarter").hasValue(1);
        in.readNBytes(10);
        assertThat(paused).hasValue(0);
    }

    @Test
    void aReaderWaitingLongerThanTheIdleTimeoutGetsATypedError() {
        InboundStream in = new InboundStream("s3", 100, TimeUnit.MILLISECONDS.toNanos(50), aborted::add);

        assertThatThrownBy(in::read).isInstanceOf(StreamIdleTimeoutException.class);
        assertThat(aborted).containsExactly(in);
    }

    @Test
    void theSendersErrorReachesTheReaderAtOnceDroppingWhatWasBuffered() {
        InboundStream in = stream(100);
        in.push(new byte[] {1}, PushBack.NONE);
        in.fail(new MyceliumException(
                "disk gone", 500, "DISK", com.fasterxml.jackson.databind.node.NullNode.getInstance()));

        assertThatThrownBy(in::read).isInstanceOf(MyceliumException.class).hasMessage("disk gone");
    }

    @Test
    void closingBeforeTheEndCancelsAndLaterReadsFailTyped() {
        InboundStream in = stream(100);
        in.push(new byte[] {1}, PushBack.NONE);
        in.close();

        assertThat(aborted).containsExactly(in);
        assertThat(in.push(new byte[] {2}, PushBack.NONE)).isFalse();
        assertThatThrownBy(in::read).isInstanceOf(StreamCancelledException.class);
    }

    private static Throwable catchRead(InboundStream in) {
        try {
            in.read();
            throw new AssertionError("read did not fail");
        } catch (RuntimeException e) {
            return e;
        }
    }
}
