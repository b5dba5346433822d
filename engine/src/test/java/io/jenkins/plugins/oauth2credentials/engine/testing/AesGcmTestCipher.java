package io.jenkins.plugins.oauth2credentials.engine.testing;

import io.jenkins.plugins.oauth2credentials.engine.StateCipher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Stands in for Jenkins' {@code Secret}, which the engine does not have: AES-GCM under a key
 * made per instance and a random IV per message, so state files hold no plain text and any
 * damaged or foreign file fails to open. {@link #failSeal} makes seals fail, as a full disk or a
 * broken key store would.
 */
public final class AesGcmTestCipher implements StateCipher {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean failSeal;

    public AesGcmTestCipher() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(128);
            this.key = generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** While true, every seal throws an {@link IOException}; opening still works. */
    public void failSeal(boolean fail) {
        this.failSeal = fail;
    }

    @Override
    public byte[] seal(byte[] plain) throws IOException {
        if (failSeal) {
            throw new IOException("seal failed (simulated)");
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IOException("seal failed", e);
        }
    }

    @Override
    public byte[] open(byte[] sealed) throws IOException {
        if (sealed.length <= IV_BYTES) {
            throw new IOException("too short to be sealed state");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] iv = Arrays.copyOf(sealed, IV_BYTES);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IOException("not sealed with this key", e);
        }
    }
}
