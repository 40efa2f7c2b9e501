package io.mycelium.transport.zmq;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CurveZMQ key pair every member of a mesh derives from the mesh key: the secret key is an HMAC of the
 * mesh secret, the public key its X25519 image. A node's ROUTER serves with it and its DEALERs expect it,
 * so only holders of the mesh key complete a handshake (the public key never travels: CurveZMQ clients
 * must know it beforehand), and everything on the wire is encrypted.
 */
record MeshCurve(byte[] publicKey, byte[] secretKey) {

    static MeshCurve derive(String meshSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(meshSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] secret = mac.doFinal("mycelium-zmq-curve-v1".getBytes(StandardCharsets.US_ASCII));
            return new MeshCurve(x25519Public(secret), secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 or X25519 is not available", e);
        }
    }

    /** X25519(secret, 9): the scalar times the base point, little-endian, as NaCl's scalarmult_base. */
    private static byte[] x25519Public(byte[] secret) throws GeneralSecurityException {
        KeyFactory kf = KeyFactory.getInstance("XDH");
        var privateKey = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, secret.clone()));
        PublicKey base = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9)));
        KeyAgreement ka = KeyAgreement.getInstance("XDH");
        ka.init(privateKey);
        ka.doPhase(base, true);
        return ka.generateSecret();
    }
}
