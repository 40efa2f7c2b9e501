package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Coverage-guided fuzzing of {@link KeyHandshake} (see docs/fuzzing.md) driven by a hostile network: the
 * handshake under test talks to a genuine peer holding the key, and the fuzzer decides what reaches it —
 * its own bytes, the peer's frames with bits flipped, or its own frames reflected back. Whatever arrives,
 * the handshake either goes on or refuses with {@link KeyHandshake.Refused}; and it is only ever done
 * with the genuine peer, after frames that nobody altered where the proof covers them.
 *
 * <p>Input layout: byte 0 holds the options (bit 0: the handshake under test dials; bit 1: it holds two
 * key ids, the peer's among them). Then messages follow, each a kind byte (modulo 6, see {@link #deliver})
 * and, for the kinds that carry bytes, a length byte and that many bytes.
 */
class KeyHandshakeFuzzTest {

    private static final byte[] SECRET = "the-mesh-secret".getBytes(StandardCharsets.US_ASCII);
    private static final String SELF = "self";
    private static final String PEER = "peer";

    @FuzzTest(maxDuration = "5s")
    void refusesOrAuthenticatesOnlyTheGenuinePeer(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Run run = new Run(input[0]);
        int pos = 1;
        try {
            // Once done, the connection gate hands every further frame to the mesh, not to the handshake.
            while (pos < input.length && !run.self.done()) {
                int kind = (input[pos++] & 0xFF) % 6;
                byte[] bytes = new byte[0];
                if (kind != 4 && kind != 5 && pos < input.length) {
                    int length = Math.min(input[pos++] & 0xFF, input.length - pos);
                    bytes = java.util.Arrays.copyOfRange(input, pos, pos + length);
                    pos += length;
                }
                run.deliver(kind, bytes);
            }
        } catch (KeyHandshake.Refused refused) {
            // the connection would be closed here
            assertThat(run.self.done()).isFalse();
            return;
        }
        if (run.self.done()) {
            assertThat(run.self.peerId()).isEqualTo(PEER);
            assertThat(run.identityTampered)
                    .as("done after a forged or altered hello")
                    .isFalse();
            assertThat(run.proofTampered)
                    .as("done after a forged or altered proof")
                    .isFalse();
        }
    }

    /** One connection: the handshake under test, its genuine peer, and what the network did to them. */
    private static final class Run {
        final KeyHandshake self;
        final KeyHandshake peer;
        final boolean selfDials;
        final byte[] peerHello;
        byte @org.jspecify.annotations.Nullable [] peerProof;
        byte @org.jspecify.annotations.Nullable [] ownProof;
        boolean peerHasHello;
        boolean peerCheckedProof;
        boolean identityTampered;
        boolean proofTampered;

        Run(byte options) {
            selfDials = (options & 1) != 0;
            Map<String, byte[]> selfKeys = new LinkedHashMap<>();
            if ((options & 2) != 0) {
                selfKeys.put("k2", "another-secret".getBytes(StandardCharsets.US_ASCII));
            }
            selfKeys.put("k1", SECRET);
            self = new KeyHandshake(selfKeys, SELF, selfDials, selfDials ? PEER : null);
            peer = new KeyHandshake(Map.of("k1", SECRET), PEER, !selfDials, selfDials ? null : SELF);
            peerHello = peer.hello();
        }

        /**
         * 0: raw bytes as a hello; 1: raw bytes as a proof; 2: the peer's hello, XORed with the bytes; 3: the
         * peer's proof (once the peer could make it), XORed with the bytes; 4: this side's own hello
         * reflected; 5: this side's own proof reflected.
         */
        void deliver(int kind, byte[] bytes) throws KeyHandshake.Refused {
            switch (kind) {
                case 0 -> {
                    identityTampered = true;
                    ownProof = self.onHello(bytes);
                }
                case 1 -> {
                    proofTampered = true;
                    keepOwnProof(self.onProof(bytes));
                }
                case 2 -> {
                    identityTampered |= altersCoveredHelloBytes(bytes);
                    ownProof = self.onHello(xor(peerHello, bytes));
                }
                case 3 -> {
                    byte[] proof = peerProof();
                    if (proof != null) {
                        proofTampered |= alters(bytes, 0, proof.length);
                        keepOwnProof(self.onProof(xor(proof, bytes)));
                    }
                }
                case 4 -> {
                    identityTampered = true;
                    ownProof = self.onHello(self.hello());
                }
                default -> {
                    byte[] own = ownProof;
                    if (own != null) {
                        proofTampered = true;
                        keepOwnProof(self.onProof(own));
                    }
                }
            }
        }

        private void keepOwnProof(byte @org.jspecify.annotations.Nullable [] proof) {
            if (proof != null) {
                ownProof = proof;
            }
        }

        /**
         * The proofs cover the version, role, challenge and node id at the start of a hello and the instance
         * key at its end, not the key id list between them.
         */
        private boolean altersCoveredHelloBytes(byte[] mask) {
            int idEnd = 2 + KeyHandshake.CHALLENGE_SIZE + 2 + PEER.length();
            int keyListEnd = idEnd + 1 + 2 + "k1".length();
            return alters(mask, 0, idEnd) || alters(mask, keyListEnd, peerHello.length);
        }

        /**
         * The genuine peer's proof: a dialing peer proves itself on this side's hello; a listening peer only
         * once this side's proof convinced it (it never proves itself to a side that has not).
         */
        private byte @org.jspecify.annotations.Nullable [] peerProof() {
            if (peerProof != null) {
                return peerProof;
            }
            if (!peerHasHello) {
                peerHasHello = true;
                try {
                    peerProof = peer.onHello(self.hello());
                } catch (KeyHandshake.Refused e) {
                    throw new AssertionError("the genuine peer refused an unaltered hello", e);
                }
            }
            byte[] own = ownProof;
            if (peerProof == null && selfDials && own != null && !peerCheckedProof) {
                peerCheckedProof = true;
                try {
                    peerProof = peer.onProof(own);
                } catch (KeyHandshake.Refused e) {
                    return null; // this side proved itself over a forged or altered hello
                }
            }
            return peerProof;
        }

        private static boolean alters(byte[] mask, int from, int to) {
            for (int i = from; i < Math.min(mask.length, to); i++) {
                if (mask[i] != 0) {
                    return true;
                }
            }
            return false;
        }

        private static byte[] xor(byte[] frame, byte[] mask) {
            byte[] out = frame.clone();
            for (int i = 0; i < Math.min(mask.length, out.length); i++) {
                out[i] ^= mask[i];
            }
            return out;
        }
    }
}
