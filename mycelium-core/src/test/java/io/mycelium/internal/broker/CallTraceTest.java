package io.mycelium.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.mycelium.protocol.EventPacket;
import io.mycelium.protocol.RequestPacket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallTraceTest {

    private final CallTrace sent =
            new CallTrace("req-1", "ctx-0", 3, "v2.users", Map.of("tenant", "a"), Map.of("h", 1), true, 0);

    @Test
    void aRequestCarriesTheTraceTheCalleeReadsBack() {
        RequestPacket p = sent.request("node-a", "call-1", "math.add", TextNode.valueOf("x"), 500, false);

        CallTrace read = CallTrace.of(p, 42);

        assertThat(read)
                .isEqualTo(new CallTrace(
                        "req-1", "ctx-0", 3, "v2.users", Map.of("tenant", "a"), Map.of("h", 1), true, 42));
        assertThat(p.timeout()).isEqualTo(500);
        assertThat(p.stream()).isFalse();
        assertThat(p.seq()).isEmpty();
    }

    @Test
    void anEventCarriesTheTraceItsHandlersReadBack() {
        EventPacket p = sent.event("node-a", "ev-1", "user.created", TextNode.valueOf("x"), Optional.empty(), true);

        CallTrace read = CallTrace.of(p, Map.of("tenant", "a"), Map.of("h", 1));

        assertThat(read.withDeadline(0)).isEqualTo(sent);
        assertThat(p.broadcast()).isTrue();
    }

    @Test
    void aRootCallIsItsOwnRequestAndSendsNoParentCallerOrTracing() {
        CallTrace root = CallTrace.outgoing(
                null, CallTrace.meta(null, Map.of()), Map.of(), Optional.empty(), Optional.empty(), Optional.empty());

        RequestPacket p = root.request("node-a", "call-1", "math.add", TextNode.valueOf("x"), 0, true);

        assertThat(root.level()).isEqualTo(1);
        assertThat(p.requestId()).contains("call-1");
        assertThat(p.parentId()).isEmpty();
        assertThat(p.caller()).isEmpty();
        assertThat(p.tracing()).isEmpty();
        assertThat(p.seq()).hasValue(0);
    }

    @Test
    void eachLocalHandlerGetsAMetaOfItsOwn() {
        CallTrace handler = sent.forHandler(7);

        handler.meta().put("added", List.of());

        assertThat(sent.meta()).doesNotContainKey("added");
        assertThat(handler.deadlineNanos()).isEqualTo(7);
        assertThat(handler.requestId()).isEqualTo("req-1");
    }
}
