package io.jenkins.plugins.oauth2credentials.engine;

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
 * AES-GCM with a random IV per message, standing in for Jenkins' {@code Secret}. It can be
 * told to fail on write, as a full disk or a broken key store would.
 */
final class AesGcmTestCipher implements StateCipher {
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private volatile boolean failSeal;

    AesGcmTestCipher() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(128);
            this.key = generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    void failSeal(boolean fail) {
        this.failSeal = fail;
    }

    @Override
    public byte[] seal(byte[] plain) throws IOException {
        if (failSeal) {
            throw new IOException("seal failed (simulated)");
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
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
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IOException("not sealed with this key", e);
        }
    }
}
