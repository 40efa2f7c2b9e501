package io.mycelium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** The checks before the upgrade, on an {@link EmbeddedChannel}: no sockets. */
class HandshakeHandlerTest {

    private static FullHttpRequest upgrade(String uri) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        req.headers().set(HttpHeaderNames.CONNECTION, "Upgrade").set(HttpHeaderNames.UPGRADE, "websocket");
        return req;
    }

    private static EmbeddedChannel channel(GatewayOptions options) {
        return new EmbeddedChannel(new HandshakeHandler(options));
    }

    @Test
    void passesAValidUpgradeOnWithTheClientIdFromThePath() {
        EmbeddedChannel ch = channel(GatewayOptions.builder().build());
        ch.writeInbound(upgrade("/alice%40home?x=1"));
        FullHttpRequest passed = ch.readInbound();
        assertThat(passed).isNotNull();
        passed.release();
        assertThat(ch.attr(HandshakeHandler.CLIENT_ID).get()).isEqualTo("alice@home");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void refusesAMissingOrWrongTokenWith401() {
        EmbeddedChannel ch = channel(GatewayOptions.builder().token("t0k").build());
        ch.writeInbound(upgrade("/a?token=nope"));
        FullHttpResponse res = ch.readOutbound();
        assertThat(res.status().code()).isEqualTo(401);
        assertThat(res.headers().get(HttpHeaderNames.WWW_AUTHENTICATE)).isEqualTo("Bearer");
        res.release();
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }

    private static int status(EmbeddedChannel ch, String uri) {
        ch.writeInbound(upgrade(uri));
        FullHttpRequest passed = ch.readInbound();
        if (passed != null) {
            passed.release();
            return 101;
        }
        FullHttpResponse res = ch.readOutbound();
        int code = res.status().code();
        res.release();
        return code;
    }

    @Test
    void aClientIdWithATokenOfItsOwnIsTakenOnlyWithThatToken() {
        GatewayOptions options = GatewayOptions.builder()
                .token("shared")
                .clientToken("alice", "a-key")
                .clientToken("bob", "b-key")
                .build();
        assertThat(status(channel(options), "/alice?token=a-key")).isEqualTo(101);
        assertThat(status(channel(options), "/alice?token=shared"))
                .as("the shared token")
                .isEqualTo(403);
        assertThat(status(channel(options), "/alice?token=b-key"))
                .as("another client's")
                .isEqualTo(403);
        assertThat(status(channel(options), "/alice?token=nope")).isEqualTo(401);
        assertThat(status(channel(options), "/alice")).isEqualTo(401);
        assertThat(status(channel(options), "/carol?token=shared"))
                .as("an unnamed ID")
                .isEqualTo(101);
        assertThat(status(channel(options), "/carol?token=a-key")).isEqualTo(403);
    }

    @Test
    void withoutASharedTokenOnlyTheNamedClientsConnect() {
        GatewayOptions options =
                GatewayOptions.builder().clientToken("alice", "a-key").build();
        assertThat(status(channel(options), "/alice?token=a-key")).isEqualTo(101);
        assertThat(status(channel(options), "/carol?token=a-key")).isEqualTo(403);
        assertThat(status(channel(options), "/carol")).isEqualTo(401);
        assertThat(status(channel(options), "/")).as("a generated ID").isEqualTo(401);
    }

    @Test
    void aClientTokenIsRefusedForAnInvalidIdOrWhenEmpty() {
        GatewayOptions.Builder b = GatewayOptions.builder();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.clientToken("a/b", "k"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.clientToken("a", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersAPlainRequestWith404AndABadIdWith400() {
        EmbeddedChannel ch = channel(GatewayOptions.builder().build());
        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/status"));
        FullHttpResponse notFound = ch.readOutbound();
        assertThat(notFound.status().code()).isEqualTo(404);
        notFound.release();
        ch.writeInbound(upgrade("/a/b"));
        FullHttpResponse bad = ch.readOutbound();
        assertThat(bad.status().code()).isEqualTo(400);
        bad.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void generatesAnIdForAnEmptyPath() {
        assertThat(HandshakeHandler.clientId("/")).hasSize(22);
        assertThat(HandshakeHandler.clientId("/")).isNotEqualTo(HandshakeHandler.clientId("/"));
    }
}
