package io.mycelium.internal.util;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Unguessable ids for requests, events and pings: random UUID version 4 text (122 random bits from a
 * cryptographically strong generator seeded by {@link SecureRandom}), the form Moleculer gives its ids. A
 * peer that sees some ids learns nothing about the next ones, so it cannot answer a call it was not sent.
 *
 * <p>Cheap: random bytes are made in batches into a few striped buffers (picked by thread id, each guarded
 * by its own lock, so neither virtual threads nor contention multiply the cost). Thread-safe.
 */
public final class Ids {
    private static final int STRIPES =
            Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors())) * 2;
    private static final int IDS_PER_BATCH = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Stripe[] stripes = new Stripe[STRIPES];

    public Ids() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** A new random id, {@code xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx}. */
    public String next() {
        byte[] b = new byte[16];
        stripes[(int) Thread.currentThread().threadId() & (STRIPES - 1)].take(b);
        b[6] = (byte) ((b[6] & 0x0F) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3F) | 0x80); // IETF variant
        char[] out = new char[36];
        int o = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out[o++] = '-';
            }
            out[o++] = HEX[(b[i] >> 4) & 0x0F];
            out[o++] = HEX[b[i] & 0x0F];
        }
        return new String(out);
    }

    /**
     * Random bytes drawn {@value #IDS_PER_BATCH} ids at a time: the AES-128-CTR keystream of a key and counter
     * seeded from {@link SecureRandom} (the construction of NIST's CTR_DRBG, without its reseeding), which
     * AES instructions make a few times cheaper than {@code SecureRandom.nextBytes}.
     */
    private static final class Stripe {
        private final Cipher keystream = keystream();
        private final byte[] zeros = new byte[16 * IDS_PER_BATCH];
        private final byte[] buffer = new byte[16 * IDS_PER_BATCH];
        private int position = buffer.length;

        synchronized void take(byte[] into) {
            if (position == buffer.length) {
                try {
                    keystream.update(zeros, 0, zeros.length, buffer, 0);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("AES-CTR failed", e);
                }
                position = 0;
            }
            System.arraycopy(buffer, position, into, 0, into.length);
            position += into.length;
        }

        private static Cipher keystream() {
            SecureRandom seed = new SecureRandom();
            byte[] key = new byte[16];
            byte[] counter = new byte[16];
            seed.nextBytes(key);
            seed.nextBytes(counter);
            try {
                Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
                return c;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/CTR is not available", e);
            }
        }
    }
}
