package io.mycelium.transport.tcp;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/**
 * The Ed25519 key pair of one running transporter, made at start and never stored. Every key handshake signs
 * its transcript with it, so a peer tells the connections of one running node (same public key) from a
 * node that claims the same id from elsewhere (another key): a mesh key holder can copy the public key but
 * cannot sign with it. Thread-safe.
 */
final class InstanceKey {

    private final KeyPair pair;
    private final byte[] publicKey;

    InstanceKey(KeyPair pair) {
        this.pair = pair;
        this.publicKey = pair.getPublic().getEncoded();
    }

    static InstanceKey generate() {
        try {
            return new InstanceKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /** The public key, X.509 encoded (44 bytes); callers must not modify it. */
    byte[] publicKey() {
        return publicKey;
    }

    byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(pair.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** True when {@code signature} is {@code message} signed by the holder of {@code encodedPublicKey}. */
    static boolean verify(byte[] encodedPublicKey, byte[] message, byte[] signature) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encodedPublicKey));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
