package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README's "Library use" section is what the consumer build (consumer-it, run by {@code mvn verify}) compiles and
 * runs: its Java snippet appears line for line in {@code bom-import}'s {@code ReadmeSnippet.java}, and the coordinates
 * it shows (the BOM and the module, the version) are those of this build and of that consumer's pom.
 */
class ReadmeLibrarySectionTest {

    private static final Path ROOT = Path.of("..");
    private static final Path CONSUMER = ROOT.resolve("consumer-it/src/it/bom-import");

    private static String section() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int at = readme.indexOf("### Library use");
        assertTrue(at >= 0, "README has a Library use section");
        int end = readme.indexOf("\n## ", at);
        return end < 0 ? readme.substring(at) : readme.substring(at, end);
    }

    private static String block(String text, String language) {
        Matcher m = Pattern.compile("(?s)```" + language + "\\n(.*?)```").matcher(text);
        assertTrue(m.find(), "a ```" + language + " block");
        return m.group(1);
    }

    private static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        assertTrue(m.find(), name);
        return m.group(1).trim();
    }

    @Test
    void theJavaSnippetIsTheOneTheConsumerBuildCompiles() throws IOException {
        List<String> compiled = new ArrayList<>();
        for (String line : Files.readAllLines(CONSUMER.resolve("src/main/java/example/ReadmeSnippet.java"))) {
            compiled.add(line.strip());
        }
        int from = 0;
        for (String line : block(section(), "java").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int i = compiled.subList(from, compiled.size()).indexOf(line.strip());
            assertTrue(i >= 0, "README snippet line not in ReadmeSnippet.java (in order): " + line);
            from += i + 1;
        }
    }

    @Test
    void theCoordinatesAreThoseOfThisBuildAndOfTheConsumer() throws IOException {
        String xml = block(section(), "xml");
        String bomPom = Files.readString(ROOT.resolve("bom/pom.xml"));
        String version = tag(bomPom.substring(bomPom.indexOf("<artifactId>overlap-bom</artifactId>")), "version");
        assertTrue(xml.contains("<artifactId>overlap-bom</artifactId>\n      <version>" + version + "</version>"),
                "the README imports overlap-bom " + version + ":\n" + xml);
        assertTrue(section().contains("version `" + version + "`"), "the prose names version " + version);
        String consumer = Files.readString(CONSUMER.resolve("pom.xml"));
        for (String s : List.of("<artifactId>overlap-bom</artifactId>", "<type>pom</type>", "<scope>import</scope>")) {
            assertTrue(xml.contains(s) && consumer.contains(s), s);
        }
        Matcher dep = Pattern.compile("<dependencies>\\s*<dependency>\\s*<groupId>dev.overlap</groupId>\\s*"
                + "<artifactId>(overlap-[a-z]+)</artifactId>\\s*</dependency>").matcher(xml);
        assertTrue(dep.find(), "a versionless dependency on a module:\n" + xml);
        assertTrue(Files.isDirectory(ROOT.resolve(dep.group(1).substring("overlap-".length()))), dep.group(1));
        assertEquals("dev.overlap", tag(xml, "groupId"));
    }
}
