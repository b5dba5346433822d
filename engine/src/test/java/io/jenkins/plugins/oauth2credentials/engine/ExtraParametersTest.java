package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtraParametersTest {
    private static final String FIELD = "tokenParameters";

    @Test
    void parseWhenNameValueLinesThenKeptInOrderWithCommentsAndBlanksSkipped() {
        String typed = "# for Auth0\naudience = https://api.example.test\r\n"
                + "\n  resource=urn:x=y  \nprompt=";

        Map<String, String> parameters = ExtraParameters.parse(typed, FIELD);

        assertEquals(List.of("audience", "resource", "prompt"), List.copyOf(parameters.keySet()));
        assertEquals("https://api.example.test", parameters.get("audience"));
        assertEquals("urn:x=y", parameters.get("resource"));
        assertEquals("", parameters.get("prompt"));
    }

    @Test
    void parseWhenNullThenEmpty() {
        assertEquals(Map.of(), ExtraParameters.parse(null, FIELD));
    }

    @Test
    void parseWhenLineHasNoEqualsThenFieldAndLineNumberNamed() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> ExtraParameters.parse("audience=a\n\nno-value-here\nresource=b", FIELD));

        assertEquals(FIELD, e.field());
        assertEquals(EngineMessages.format("ExtraParameters.notNameValue", 3), e.getMessage());
        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void parseWhenNameEmptyThenLineNumberNamed() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> ExtraParameters.parse(" =value", FIELD));

        assertEquals(EngineMessages.format("ExtraParameters.notNameValue", 1), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"grant_type", "code", "redirect_uri", "client_id", "client_secret",
        "refresh_token", "code_verifier", "code_challenge", "code_challenge_method", "state",
        "response_type", "scope", "Client_Secret", "SCOPE"})
    void parseWhenReservedNameThenRefusedNamingParameterAndField(String name) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> ExtraParameters.parse("audience=a\n" + name + "=x", FIELD));

        assertEquals(FIELD, e.field());
        assertEquals(EngineMessages.format("ExtraParameters.reserved", name), e.getMessage());
    }

    @Test
    void formatWhenParsedAgainThenSameParameters() {
        Map<String, String> parameters = ExtraParameters.parse("audience=a\nresource=b=c", FIELD);

        assertEquals(parameters, ExtraParameters.parse(ExtraParameters.format(parameters), FIELD));
    }
}
