package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProviderTextTest {
    private static final String STATE = "st4te-Xy9kQ2mPz7";
    private static final String CODE = "c0de-Ab3dE5fG";
    private final ProviderText text = new ProviderText(STATE, CODE, null);

    @Test
    void descriptionWhenItEchoesStateCodeAndTokensThenNoneRemain() {
        String safe = text.description("<b>denied</b> state=" + STATE + " code " + CODE
                + "\n\u0007 access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");

        assertFalse(safe.contains(STATE), safe);
        assertFalse(safe.contains(CODE), safe);
        assertFalse(safe.contains("eyJ"), safe);
        assertFalse(safe.contains("<b>"), safe);
        assertTrue(safe.startsWith("denied"), safe);
    }

    @Test
    void errorCodeWhenEmptyThenFallbackAndWhenEchoingThenCleaned() {
        assertEquals("invalid_callback", text.errorCode("  ", "invalid_callback"));
        assertEquals("invalid_callback", text.errorCode(null, "invalid_callback"));
        assertFalse(text.errorCode("access_denied " + STATE, "x").contains(STATE));
    }

    @Test
    void uriWhenQueryCarriesStateThenDroppedAndWhenAbsentThenNull() {
        assertEquals("https://idp.example.test/errors/denied",
                text.uri("https://idp.example.test/errors/denied?state=" + STATE));
        assertNull(text.uri(null));
        assertNull(text.description(""));
    }
}
