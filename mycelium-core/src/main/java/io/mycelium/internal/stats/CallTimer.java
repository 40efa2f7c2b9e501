package io.mycelium.internal.stats;

import org.jspecify.annotations.Nullable;

/**
 * One call or handler run being measured: {@link #finish} once when it ends. The call path holds it from
 * start to end; any thread may finish it.
 */
public sealed interface CallTimer permits CallTimer.Running, CallTimer.Off {
    /** Statistics are off: finishing does nothing. */
    CallTimer OFF = new Off();

    /** Ends the measurement; {@code error} is the failure, null on success. */
    void finish(@Nullable Throwable error);

    /** Counts into a meter. */
    record Running(CallMeter meter, long startNanos) implements CallTimer {
        @Override
        public void finish(@Nullable Throwable error) {
            meter.ended(startNanos, error);
        }
    }

    /** Counts nothing. */
    final class Off implements CallTimer {
        private Off() {}

        @Override
        public void finish(@Nullable Throwable error) {}
    }
}
