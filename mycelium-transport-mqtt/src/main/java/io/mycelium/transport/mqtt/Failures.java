package io.mycelium.transport.mqtt;

import io.mycelium.BrokerDisconnectedException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** The typed failures this transporter hands out. */
final class Failures {
    private Failures() {}

    /**
     * Retryable: the broker connection is down (or was lost while the packet waited). The error keeps
     * Moleculer's message; its cause says which broker and why.
     */
    static RuntimeException disconnected(String detail, @Nullable Throwable cause) {
        BrokerDisconnectedException e = new BrokerDisconnectedException();
        e.initCause(new IOException(detail, cause));
        return e;
    }

    static <T> CompletableFuture<T> failed(RuntimeException e) {
        return CompletableFuture.failedFuture(e);
    }
}
