package io.mycelium.internal.transit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mycelium.protocol.ResponsePacket;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final PendingRequests pending = new PendingRequests(timer);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static ResponsePacket response(String sender, String id, String value) {
        return new ResponsePacket(
                sender,
                id,
                true,
                F.textNode(value),
                Optional.empty(),
                F.objectNode(),
                F.objectNode(),
                false,
                OptionalInt.empty());
    }

    @Test
    void onlyTheNodeAskedCompletesACall() {
        CompletableFuture<ResponsePacket> call = pending.add("id-1", "b", "svc.act", 10_000);
        assertThat(pending.check("id-1", "evil")).isEqualTo(PendingRequests.Outcome.WRONG_SENDER);
        assertThat(pending.complete(response("evil", "id-1", "forged")))
                .isEqualTo(PendingRequests.Outcome.WRONG_SENDER);
        assertThat(call).isNotDone();
        assertThat(pending.complete(response("b", "id-1", "real"))).isEqualTo(PendingRequests.Outcome.COMPLETED);
        assertThat(call.join().data().asText()).isEqualTo("real");
        assertThat(pending.complete(response("b", "id-1", "again"))).isEqualTo(PendingRequests.Outcome.UNKNOWN_ID);
    }

    @Test
    void whenTheMessageBrokerPicksTheNodeAnyNodeMayAnswer() {
        CompletableFuture<ResponsePacket> call = pending.add("id-2", "", "svc.act", 10_000);
        assertThat(pending.complete(response("whoever", "id-2", "ok"))).isEqualTo(PendingRequests.Outcome.COMPLETED);
        assertThat(call).isCompleted();
    }

    @Test
    void anUnknownIdCompletesNothing() {
        CompletableFuture<ResponsePacket> call = pending.add("id-3", "b", "svc.act", 10_000);
        assertThat(pending.complete(response("b", "id-4", "x"))).isEqualTo(PendingRequests.Outcome.UNKNOWN_ID);
        assertThat(call).isNotDone();
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void aCallWhoseTimeoutWasArmedLaterStillCompletes() {
        CompletableFuture<ResponsePacket> call = pending.add("id-5", "b", "svc.act", 0);
        pending.armTimeout("id-5", 10_000);
        assertThat(pending.complete(response("b", "id-5", "ok"))).isEqualTo(PendingRequests.Outcome.COMPLETED);
        assertThat(call).isCompleted();
    }
}
