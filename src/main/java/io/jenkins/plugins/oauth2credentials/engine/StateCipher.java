package io.jenkins.plugins.oauth2credentials.engine;

import java.io.IOException;

/**
 * Encrypts state files. The Jenkins layer supplies one backed by Jenkins' {@code Secret};
 * tests may use a plain one.
 */
public interface StateCipher {

    /** Encrypts the serialized state. */
    byte[] seal(byte[] plain) throws IOException;

    /**
     * Decrypts what {@link #seal(byte[])} produced.
     *
     * @throws IOException when the data is damaged or was sealed with another key
     */
    byte[] open(byte[] sealed) throws IOException;
}
