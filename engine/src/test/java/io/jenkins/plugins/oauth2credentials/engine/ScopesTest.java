package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopesTest {

    @Test
    void parseWhenSeparatedBySpacesCommasAndNewlinesThenSplitInOrder() {
        assertEquals(List.of("openid", "profile", "repo", "read:org", "api://app/.default"),
                Scopes.parse(" openid profile,repo\nread:org\r\n\tapi://app/.default ,"));
    }

    @Test
    void parseWhenDuplicatesThenEachScopeOnceAtFirstPosition() {
        List<String> scopes = Scopes.parse("read write,read\nadmin write");

        assertEquals(List.of("read", "write", "admin"), scopes);
    }

    @Test
    void parseWhenNullOrBlankThenEmpty() {
        assertEquals(List.of(), Scopes.parse(null));
        assertEquals(List.of(), Scopes.parse(" ,\n, "));
    }

    @Test
    void joinWhenSpaceThenRfcForm() {
        assertEquals("read write", Scopes.join(List.of("read", "write"), " "));
    }

    @Test
    void joinWhenCommaThenCommaSeparated() {
        assertEquals("repo,read:org", Scopes.join(List.of("repo", "read:org"), ","));
    }

    @Test
    void joinWhenEmptyThenNullSoThatNoScopeIsSent() {
        assertNull(Scopes.join(List.of(), " "));
    }
}
