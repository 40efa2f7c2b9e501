package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class NodeClaimsTest {

    private final NodeClaims claims = new NodeClaims();
    private final byte[] first = {1};
    private final byte[] second = {2};

    @Test
    void theSameRunningNodeMayOpenSeveralConnections() {
        assertThat(claims.claim("b", first, new EmbeddedChannel())).isInstanceOf(NodeClaims.Verdict.Admitted.class);
        assertThat(claims.claim("b", first.clone(), new EmbeddedChannel()))
                .isInstanceOf(NodeClaims.Verdict.Admitted.class);
        assertThat(claims.connections("b")).isEqualTo(2);
    }

    @Test
    void anotherInstanceIsContestedWhileTheHolderHasAnOpenConnection() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        claims.claim("b", first, a);
        claims.claim("b", first, b);
        NodeClaims.Verdict v = claims.claim("b", second, new EmbeddedChannel());
        assertThat(v).isInstanceOf(NodeClaims.Verdict.Contested.class);
        assertThat(((NodeClaims.Verdict.Contested) v).channels()).containsExactlyInAnyOrder(a, b);
        a.close();
        assertThat(claims.claim("b", second, new EmbeddedChannel())).isInstanceOf(NodeClaims.Verdict.Contested.class);
        b.close();
        assertThat(claims.connections("b")).isZero();
        assertThat(claims.claim("b", second, new EmbeddedChannel())).isInstanceOf(NodeClaims.Verdict.Admitted.class);
        assertThat(claims.claim("b", first, new EmbeddedChannel())).isInstanceOf(NodeClaims.Verdict.Contested.class);
    }

    @Test
    void anEvictedHolderGivesItsIdUp() {
        NodeClaims.Verdict held = claims.claim("b", first, new EmbeddedChannel());
        claims.evict(((NodeClaims.Verdict.Admitted) held).holder());
        assertThat(claims.claim("b", second, new EmbeddedChannel())).isInstanceOf(NodeClaims.Verdict.Admitted.class);
    }

    @Test
    void idsAreIndependent() {
        claims.claim("b", first, new EmbeddedChannel());
        assertThat(claims.claim("c", second, new EmbeddedChannel())).isInstanceOf(NodeClaims.Verdict.Admitted.class);
    }
}
