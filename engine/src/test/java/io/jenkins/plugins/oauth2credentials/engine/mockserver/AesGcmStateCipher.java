package io.jenkins.plugins.oauth2credentials.engine.mockserver;

import io.jenkins.plugins.oauth2credentials.engine.StateCipher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** Seals state files with AES-GCM under a key made per instance, as Jenkins' Secret would. */
public final class AesGcmStateCipher implements StateCipher {
    private static final int IV_BYTES = 12;
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public AesGcmStateCipher() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(128);
            this.key = generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] seal(byte[] plain) throws IOException {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, iv, plain, 0, plain.length);
        return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
    }

    @Override
    public byte[] open(byte[] sealed) throws IOException {
        if (sealed.length < IV_BYTES) {
            throw new IOException("too short");
        }
        byte[] iv = java.util.Arrays.copyOf(sealed, IV_BYTES);
        return crypt(Cipher.DECRYPT_MODE, iv, sealed, IV_BYTES, sealed.length - IV_BYTES);
    }

    private byte[] crypt(int mode, byte[] iv, byte[] data, int offset, int length)
            throws IOException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(128, iv));
            return cipher.doFinal(data, offset, length);
        } catch (GeneralSecurityException e) {
            String what = mode == Cipher.ENCRYPT_MODE ? "seal" : "open";
            throw new IOException("cannot " + what + " state", e);
        }
    }
}
