package io.jenkins.plugins.oauth2credentials.tokens;

import hudson.util.Secret;
import io.jenkins.plugins.oauth2credentials.engine.StateCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Encrypts token state files with Jenkins' {@link Secret}, i.e. with this controller's
 * {@code secrets/} key: a state file copied to another controller cannot be read there.
 */
@Restricted(NoExternalUse.class)
public final class SecretStateCipher implements StateCipher {

    @Override
    public byte[] seal(byte[] plain) {
        String encoded = Base64.getEncoder().encodeToString(plain);
        return Secret.fromString(encoded).getEncryptedValue().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] open(byte[] sealed) throws IOException {
        String text = new String(sealed, StandardCharsets.US_ASCII).strip();
        // Secret.fromString would accept plain text as a secret; only real cipher text is state.
        Secret secret = Secret.ENCRYPTED_VALUE_PATTERN.matcher(text).matches() ? Secret.decrypt(text) : null;
        if (secret == null) {
            throw new IOException("not encrypted with this controller's key");
        }
        try {
            return Base64.getDecoder().decode(secret.getPlainText());
        } catch (IllegalArgumentException e) {
            throw new IOException("damaged", e);
        }
    }
}
