package io.jenkins.plugins.oauth2credentials.engine.testing;

import io.jenkins.plugins.oauth2credentials.engine.StateCipher;

/**
 * A cipher that does not encrypt, for tests that must read or write a state file's bytes as
 * they are: to search them for secrets, as the control of a check that a real cipher hides
 * them, or to plant damaged content. Production code always gets a real cipher.
 */
public final class PlainTestCipher implements StateCipher {
    @Override
    public byte[] seal(byte[] plain) {
        return plain.clone();
    }

    @Override
    public byte[] open(byte[] sealed) {
        return sealed.clone();
    }
}
