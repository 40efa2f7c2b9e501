package io.mycelium.transport.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The pre-shared key handshake of one connection, as a state machine without I/O (the frames are
 * described in the package documentation). Not thread-safe: one instance per connection, driven by its
 * event loop.
 */
final class KeyHandshake {

    static final int VERSION = 2;
    static final int CHALLENGE_SIZE = 32;
    static final byte DIALER = 'D';
    static final byte LISTENER = 'L';
    private static final byte[] LABEL = "mycelium-tcp-auth-v2".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The handshake failed; the message is the logged reason. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, byte[]> keys;
    private final InstanceKey instance;
    private final String localId;
    private final byte role;
    private final @Nullable String expectedPeer;
    private final byte[] challenge = new byte[CHALLENGE_SIZE];

    private @Nullable String peerId;
    private byte @Nullable [] peerChallenge;
    private byte @Nullable [] peerInstance;
    private @Nullable String proofKeyId;
    private boolean proofSent;
    private boolean peerVerified;

    /**
     * @param keys secrets by key id, in order of preference
     * @param expectedPeer for a dialer, the node it meant to reach; null for a listener
     */
    /** A handshake with a fresh instance key of its own (tests, scripted peers). */
    KeyHandshake(Map<String, byte[]> keys, String localId, boolean dialer, @Nullable String expectedPeer) {
        this(keys, InstanceKey.generate(), localId, dialer, expectedPeer);
    }

    KeyHandshake(
            Map<String, byte[]> keys,
            InstanceKey instance,
            String localId,
            boolean dialer,
            @Nullable String expectedPeer) {
        this.keys = keys;
        this.instance = instance;
        this.localId = localId;
        this.role = dialer ? DIALER : LISTENER;
        this.expectedPeer = expectedPeer;
        RANDOM.nextBytes(challenge);
    }

    /** The first frame this side sends. */
    byte[] hello() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        out.write(role);
        out.writeBytes(challenge);
        writeString(out, localId);
        out.write(keys.size());
        keys.keySet().forEach(id -> writeString(out, id));
        writeBytes(out, instance.publicKey());
        return out.toByteArray();
    }

    /**
     * Reads the peer's hello; a dialer returns its proof, a listener null: it proves itself only once the
     * dialer has (see {@link #onProof}), so a peer without a key gets no proof and costs no signature.
     */
    byte @Nullable [] onHello(byte[] payload) throws Refused {
        if (peerId != null) {
            throw new Refused("second handshake hello");
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            if (in.get() != VERSION) {
                throw new Refused("unsupported handshake version");
            }
            byte peerRole = in.get();
            if (peerRole == role || (peerRole != DIALER && peerRole != LISTENER)) {
                throw new Refused("peer claims the same role as this side (reflected hello?)");
            }
            byte[] theirs = new byte[CHALLENGE_SIZE];
            in.get(theirs);
            if (MessageDigest.isEqual(theirs, challenge)) {
                throw new Refused("peer sent back this side's challenge");
            }
            String id = readString(in);
            if (id.isEmpty() || id.equals(localId)) {
                throw new Refused("peer claims node id '" + id + "'");
            }
            if (expectedPeer != null && !expectedPeer.equals(id)) {
                throw new Refused("dialled node '" + expectedPeer + "' but '" + id + "' answered");
            }
            int count = in.get() & 0xFF;
            List<String> peerKeys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                peerKeys.add(readString(in));
            }
            byte[] theirInstance = readBytes(in);
            if (in.hasRemaining()) {
                throw new Refused("trailing bytes in handshake hello");
            }
            String keyId = keys.keySet().stream()
                    .filter(peerKeys::contains)
                    .findFirst()
                    .orElseThrow(() ->
                            new Refused("no key id in common with node '" + id + "' (it holds " + peerKeys + ")"));
            peerId = id;
            peerChallenge = theirs;
            peerInstance = theirInstance;
            proofKeyId = keyId;
            return role == DIALER ? proof() : null;
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new Refused("malformed handshake hello");
        }
    }

    private byte[] proof() {
        String keyId = java.util.Objects.requireNonNull(proofKeyId);
        byte[] signed = transcript(keyId, role);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        writeString(out, keyId);
        out.writeBytes(mac(keyId, signed));
        writeBytes(out, instance.sign(signed));
        proofSent = true;
        return out.toByteArray();
    }

    /** Checks the peer's proof; a listener then returns its own proof, a dialer null. */
    byte @Nullable [] onProof(byte[] payload) throws Refused {
        if (peerId == null) {
            throw new Refused("proof before hello");
        }
        if (peerVerified) {
            throw new Refused("second proof");
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            if (in.get() != VERSION) {
                throw new Refused("unsupported handshake version");
            }
            String keyId = readString(in);
            byte[] proof = new byte[32];
            in.get(proof);
            byte[] signature = readBytes(in);
            if (in.hasRemaining()) {
                throw new Refused("trailing bytes in handshake proof");
            }
            if (!keys.containsKey(keyId)) {
                throw new Refused("node '" + peerId + "' proved a key id this node does not hold: " + keyId);
            }
            byte[] signed = transcript(keyId, role == DIALER ? LISTENER : DIALER);
            if (!MessageDigest.isEqual(mac(keyId, signed), proof)) {
                throw new Refused("wrong key proof from node '" + peerId + "' (key id " + keyId + ")");
            }
            if (!InstanceKey.verify(java.util.Objects.requireNonNull(peerInstance), signed, signature)) {
                throw new Refused("wrong instance signature from node '" + peerId + "'");
            }
            peerVerified = true;
            return role == LISTENER ? proof() : null;
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new Refused("malformed handshake proof");
        }
    }

    boolean done() {
        return proofSent && peerVerified;
    }

    /** The authenticated peer, once {@link #done()}. */
    @Nullable
    String peerId() {
        return peerId;
    }

    /**
     * The public instance key the peer proved it holds, once {@link #done()}: the same for every connection
     * of one running node, another after it restarts.
     */
    byte @Nullable [] peerInstance() {
        return peerInstance;
    }

    private byte[] mac(String keyId, byte[] transcript) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.get(keyId), "HmacSHA256"));
            return mac.doFinal(transcript);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** What the prover of {@code proverRole} MACs and signs: both ids, both challenges, both instance keys. */
    private byte[] transcript(String keyId, byte proverRole) {
        String dialerId = role == DIALER ? localId : peerId;
        String listenerId = role == DIALER ? peerId : localId;
        byte[] dialerChallenge = role == DIALER ? challenge : peerChallenge;
        byte[] listenerChallenge = role == DIALER ? peerChallenge : challenge;
        byte[] dialerInstance = role == DIALER ? instance.publicKey() : peerInstance;
        byte[] listenerInstance = role == DIALER ? peerInstance : instance.publicKey();
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(LABEL);
        in.write(proverRole);
        writeString(in, java.util.Objects.requireNonNull(dialerId));
        writeString(in, java.util.Objects.requireNonNull(listenerId));
        in.writeBytes(java.util.Objects.requireNonNull(dialerChallenge));
        in.writeBytes(java.util.Objects.requireNonNull(listenerChallenge));
        writeString(in, keyId);
        writeBytes(in, java.util.Objects.requireNonNull(dialerInstance));
        writeBytes(in, java.util.Objects.requireNonNull(listenerInstance));
        return in.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("string too long");
        }
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }

    private static byte[] readBytes(ByteBuffer in) {
        int len = in.getShort() & 0xFFFF;
        if (len > in.remaining()) {
            throw new IllegalArgumentException("bytes past the end");
        }
        byte[] b = new byte[len];
        in.get(b);
        return b;
    }

    private static String readString(ByteBuffer in) {
        int len = in.getShort() & 0xFFFF;
        if (len > in.remaining()) {
            throw new IllegalArgumentException("string past the end");
        }
        byte[] b = new byte[len];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
