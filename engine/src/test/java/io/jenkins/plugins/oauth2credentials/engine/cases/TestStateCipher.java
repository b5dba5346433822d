package io.jenkins.plugins.oauth2credentials.engine.cases;

import io.jenkins.plugins.oauth2credentials.engine.StateCipher;
import java.io.IOException;

/**
 * Flips every byte, so that state files are not plain JSON on disk yet stay cheap to read back.
 * {@link #failWrites} makes the next seals fail, standing in for a crash or full disk mid-write.
 */
final class TestStateCipher implements StateCipher {
    volatile boolean failWrites;

    @Override
    public byte[] seal(byte[] plain) throws IOException {
        if (failWrites) {
            throw new IOException("simulated write failure");
        }
        return flip(plain);
    }

    @Override
    public byte[] open(byte[] sealed) {
        return flip(sealed);
    }

    private static byte[] flip(byte[] input) {
        byte[] output = new byte[input.length];
        for (int i = 0; i < input.length; i++) {
            output[i] = (byte) ~input[i];
        }
        return output;
    }
}
