package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine must build and run without Jenkins: no Jenkins type may be named in its sources. */
class EngineArchitectureTest {
    /**
     * A reference to a forbidden package, in an import or as a qualified name. The look-behind
     * keeps {@code io.jenkins.plugins} (the engine's own package) and names such as
     * {@code myjenkins.x} from matching.
     */
    private static final Pattern FORBIDDEN = Pattern.compile("(?<![\\w.$])(hudson|jenkins"
            + "|org\\s*\\.\\s*kohsuke|com\\s*\\.\\s*cloudbees|org\\s*\\.\\s*jenkinsci"
            + "|org\\s*\\.\\s*jvnet)\\s*\\.\\s*[A-Za-z_*]");

    private static Path engineSources() {
        String configured = System.getProperty("engine.sources");
        assertNotNull(configured, "engine.sources, set by engine/pom.xml, is missing");
        Path directory = Paths.get(configured);
        assertTrue(Files.isDirectory(directory), "not a directory: " + directory);
        return directory;
    }

    @Test
    void engineSourcesWhenScannedThenNoJenkinsImportOrQualifiedReference() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(engineSources())) {
            files = listing.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(files.stream().anyMatch(p -> p.endsWith("TokenManager.java")), files::toString);
        assertTrue(files.size() >= 30, "only " + files.size() + " engine sources found");

        List<String> violations = new ArrayList<>();
        for (Path file : files) {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            for (String reference : forbiddenReferences(source)) {
                violations.add(file.getFileName() + ": " + reference);
            }
        }

        assertEquals(List.of(), violations);
    }

    @Test
    void forbiddenReferencesWhenJenkinsNamedInCodeThenFound() {
        String source = String.join("\n",
                "package io.jenkins.plugins.oauth2credentials.engine;",
                "import hudson.util.Secret;",
                "import static jenkins.model.Jenkins.get;",
                "import org.kohsuke.stapler.StaplerRequest;",
                "class X {",
                "  com.cloudbees.plugins.credentials.Credentials c;",
                "  Object o = org.jenkinsci.plugins.workflow.Step.class;",
                "  Object p = org.jvnet.localizer.Localizable.class;",
                "  String s = \"http://x\"; Object q =",
                "      jenkins . model.Jenkins.get();",
                "}");

        assertEquals(List.of("hudson.u", "jenkins.m", "org.kohsuke.s", "com.cloudbees.p",
                "org.jenkinsci.p", "org.jvnet.l", "jenkins . m"), forbiddenReferences(source));
    }

    @Test
    void forbiddenReferencesWhenOnlyOwnPackageCommentsAndTextThenNone() {
        String source = String.join("\n",
                "package io.jenkins.plugins.oauth2credentials.engine;",
                "import io.jenkins.plugins.oauth2credentials.engine.Other;",
                "/** Backed by Jenkins' {@code hudson.util.Secret} in the Jenkins layer. */",
                "class X { // unlike jenkins.model.Jenkins",
                "  String url = \"https://x/\"; /* hudson.Util */",
                "  Object y = myjenkins.Thing.class;",
                "  char c = '\"'; String t = \"\"\"",
                "      text block \"\"\";",
                "}");

        assertEquals(List.of(), forbiddenReferences(source));
    }

    /** The forbidden references in a source file's code, comments left out. */
    static List<String> forbiddenReferences(String source) {
        List<String> found = new ArrayList<>();
        Matcher matcher = FORBIDDEN.matcher(withoutComments(source));
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    /**
     * The source with comments replaced by spaces. String and character literals are kept (a
     * class name in a string is a reflective reference) and scanned past, so that a "//" inside
     * a URL does not start a comment.
     */
    static String withoutComments(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
                code.append(' ');
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                code.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end + 3;
                code.append(source, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != c
                        && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, source.length());
                code.append(source, i, end);
                i = end;
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }
}
