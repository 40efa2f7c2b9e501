package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyHandshakeTest {

    private static Map<String, byte[]> keys(String... idSecret) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (String s : idSecret) {
            String[] p = s.split(":");
            m.put(p[0], p[1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    /** Runs both sides against each other; returns true when both are done. */
    private static boolean run(KeyHandshake dialer, KeyHandshake listener) throws KeyHandshake.Refused {
        byte[] dHello = dialer.hello();
        byte[] lHello = listener.hello();
        assertThat(listener.onHello(dHello))
                .as("a listener proves itself only after the dialer")
                .isNull();
        byte[] dProof = java.util.Objects.requireNonNull(dialer.onHello(lHello));
        byte[] lProof = java.util.Objects.requireNonNull(listener.onProof(dProof));
        assertThat(dialer.onProof(lProof)).isNull();
        return dialer.done() && listener.done();
    }

    @Test
    void nodesSharingAKeyTrustEachOther() throws Exception {
        KeyHandshake d = new KeyHandshake(keys("k1:secret"), "a", true, "b");
        KeyHandshake l = new KeyHandshake(keys("k1:secret"), "b", false, null);
        assertThat(run(d, l)).isTrue();
        assertThat(l.peerId()).isEqualTo("a");
        assertThat(d.peerId()).isEqualTo("b");
    }

    @Test
    void rotationWorksWhileNodesHoldDifferentSetsOfIds() throws Exception {
        KeyHandshake d = new KeyHandshake(keys("k2:new", "k1:old"), "a", true, "b");
        KeyHandshake l = new KeyHandshake(keys("k1:old"), "b", false, null);
        assertThat(run(d, l)).isTrue();
        KeyHandshake d2 = new KeyHandshake(keys("k2:new"), "c", true, "a");
        KeyHandshake l2 = new KeyHandshake(keys("k2:new", "k1:old"), "a", false, null);
        assertThat(run(d2, l2)).isTrue();
    }

    @Test
    void aWrongSecretIsRefused() {
        KeyHandshake d = new KeyHandshake(keys("k1:guess"), "a", true, "b");
        KeyHandshake l = new KeyHandshake(keys("k1:secret"), "b", false, null);
        assertThatThrownBy(() -> run(d, l))
                .isInstanceOf(KeyHandshake.Refused.class)
                .hasMessageContaining("wrong key proof");
        assertThat(l.done()).isFalse();
    }

    @Test
    void noCommonKeyIdIsRefused() {
        KeyHandshake d = new KeyHandshake(keys("k9:x"), "a", true, "b");
        KeyHandshake l = new KeyHandshake(keys("k1:secret"), "b", false, null);
        assertThatThrownBy(() -> l.onHello(d.hello()))
                .isInstanceOf(KeyHandshake.Refused.class)
                .hasMessageContaining("no key id in common");
    }

    @Test
    void aProofReplayedOnAnotherConnectionIsRefused() throws Exception {
        Map<String, byte[]> k = keys("k1:secret");
        KeyHandshake d = new KeyHandshake(k, "a", true, "b");
        KeyHandshake l = new KeyHandshake(k, "b", false, null);
        byte[] dHello = d.hello();
        byte[] recordedProof = java.util.Objects.requireNonNull(d.onHello(l.hello()));
        l.onHello(dHello);
        l.onProof(recordedProof);
        // the attacker replays the recorded hello and proof to a new connection of the same listener
        KeyHandshake l2 = new KeyHandshake(k, "b", false, null);
        l2.hello();
        l2.onHello(dHello);
        assertThatThrownBy(() -> l2.onProof(recordedProof))
                .isInstanceOf(KeyHandshake.Refused.class)
                .hasMessageContaining("wrong key proof");
    }

    @Test
    void aProofReflectedToItsAuthorIsRefused() throws Exception {
        Map<String, byte[]> k = keys("k1:secret");
        // a dialer reaches an attacker posing as node b without the key: the dialer proves first
        KeyHandshake victim = new KeyHandshake(k, "a", true, "b");
        KeyHandshake attacker = new KeyHandshake(keys("k1:unknown"), "b", false, null);
        byte[] victimHello = victim.hello();
        byte[] victimProof = java.util.Objects.requireNonNull(victim.onHello(attacker.hello()));
        assertThat(victimHello).isNotEmpty();
        assertThatThrownBy(() -> victim.onProof(victimProof))
                .isInstanceOf(KeyHandshake.Refused.class)
                .hasMessageContaining("wrong key proof");
    }

    @Test
    void aListenerGivesNoProofToAPeerWithoutTheKey() throws Exception {
        KeyHandshake listener = new KeyHandshake(keys("k1:secret"), "b", false, null);
        KeyHandshake attacker = new KeyHandshake(keys("k1:guess"), "a", true, "b");
        assertThat(listener.onHello(attacker.hello())).isNull();
        byte[] wrong = java.util.Objects.requireNonNull(attacker.onHello(listener.hello()));
        assertThatThrownBy(() -> listener.onProof(wrong))
                .isInstanceOf(KeyHandshake.Refused.class)
                .hasMessageContaining("wrong key proof");
        assertThat(listener.done()).isFalse();
    }

    @Test
    void aReflectedHelloIsRefused() {
        KeyHandshake l = new KeyHandshake(keys("k1:secret"), "b", false, null);
        byte[] own = l.hello();
        assertThatThrownBy(() -> l.onHello(own))
                .isInstanceOf(KeyHandshake.Refused.class)
                .hasMessageContaining("same role");
    }

    @Test
    void aDialerRefusesANodeItDidNotDial() throws Exception {
        KeyHandshake d = new KeyHandshake(keys("k1:secret"), "a", true, "b");
        KeyHandshake impostor = new KeyHandshake(keys("k1:secret"), "c", false, null);
        assertThatThrownBy(() -> d.onHello(impostor.hello()))
                .isInstanceOf(KeyHandshake.Refused.class)
                .hasMessageContaining("dialled node 'b'");
    }

    @Test
    void aProofBeforeTheHelloAndGarbageAreRefused() {
        KeyHandshake l = new KeyHandshake(keys("k1:secret"), "b", false, null);
        assertThatThrownBy(() -> l.onProof(new byte[40])).isInstanceOf(KeyHandshake.Refused.class);
        assertThatThrownBy(() -> l.onHello(new byte[] {1, 'D', 3})).isInstanceOf(KeyHandshake.Refused.class);
        assertThatThrownBy(() -> l.onHello(new byte[0])).isInstanceOf(KeyHandshake.Refused.class);
    }

    @Test
    void eachConnectionProvesTheInstanceKeyOfItsRunningNode() throws Exception {
        InstanceKey a = InstanceKey.generate();
        KeyHandshake first = new KeyHandshake(keys("k1:secret"), a, "a", true, "b");
        KeyHandshake l1 = new KeyHandshake(keys("k1:secret"), "b", false, null);
        KeyHandshake second = new KeyHandshake(keys("k1:secret"), a, "a", true, "b");
        KeyHandshake l2 = new KeyHandshake(keys("k1:secret"), "b", false, null);
        KeyHandshake restarted = new KeyHandshake(keys("k1:secret"), "a", true, "b");
        KeyHandshake l3 = new KeyHandshake(keys("k1:secret"), "b", false, null);
        assertThat(run(first, l1)).isTrue();
        assertThat(run(second, l2)).isTrue();
        assertThat(run(restarted, l3)).isTrue();
        assertThat(l2.peerInstance()).isEqualTo(l1.peerInstance()).isEqualTo(a.publicKey());
        assertThat(l3.peerInstance()).isNotEqualTo(a.publicKey());
    }

    @Test
    void aKeyHolderShowingAnotherNodesInstanceKeyCannotSignForIt() throws Exception {
        InstanceKey victim = InstanceKey.generate();
        java.security.KeyPair own =
                java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        java.security.PublicKey victimPublic = java.security.KeyFactory.getInstance("Ed25519")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(victim.publicKey()));
        InstanceKey copied = new InstanceKey(new java.security.KeyPair(victimPublic, own.getPrivate()));
        KeyHandshake impostor = new KeyHandshake(keys("k1:secret"), copied, "a", true, "b");
        KeyHandshake l = new KeyHandshake(keys("k1:secret"), "b", false, null);
        assertThatThrownBy(() -> run(impostor, l))
                .isInstanceOf(KeyHandshake.Refused.class)
                .hasMessageContaining("wrong instance signature");
        assertThat(l.done()).isFalse();
    }
}
