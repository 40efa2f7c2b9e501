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
