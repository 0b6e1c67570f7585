package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.overlap.papers.Catalogue;
import dev.overlap.papers.Reproducible;

/**
 * The reproductions have one list, {@link Catalogue#PARTS}: the CLI dispatches from it and prints it in its help;
 * the README's command table and papers/README.md must name every part of it (issue 13: "the CLI, its help, the
 * README and papers/README.md read one list").
 */
class CatalogueDocsTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void theHelpListsEveryPartOfTheCatalogue() {
        CliEndToEndTest.Run r = CliEndToEndTest.run("reproduce", "--help");
        assertEquals(0, r.code(), r.err());
        for (Reproducible p : Catalogue.PARTS) {
            assertTrue(r.out().matches("(?s).*\\n  " + p.id() + " +\\S.*"), p.id() + "\n" + r.out());
        }
        for (String line : r.out().split("\n")) {
            assertTrue(line.length() <= Main.USAGE_WIDTH, line);
        }
    }

    @Test
    void theReadmeCommandTableNamesEveryPart() throws IOException {
        String row = Files.readAllLines(ROOT.resolve("README.md")).stream()
                .filter(l -> l.startsWith("| `overlap reproduce KEY PART`")).findFirst().orElseThrow();
        for (String paper : Catalogue.papers()) {
            List<Reproducible> parts = Catalogue.partsOf(paper);
            int at = row.indexOf("`" + paper + " " + parts.get(0).name() + "`");
            assertTrue(at >= 0, paper + " in " + row);
            for (Reproducible p : parts) {
                assertTrue(row.indexOf("`" + p.name() + "`", at) >= 0 || row.contains("`" + p.id() + "`"),
                        p.id() + " in " + row);
            }
        }
    }

    @Test
    void papersReadmeHasASectionForEveryPaperNamingEachPart() throws IOException {
        String text = Files.readString(ROOT.resolve("papers").resolve("README.md"));
        String[] sections = text.split("(?m)^## ");
        for (String paper : Catalogue.papers()) {
            String section = null;
            for (String s : sections) {
                if (s.startsWith(paper + ":")) {
                    section = s;
                }
            }
            assertFalse(section == null, "papers/README.md has no section '## " + paper + ":'");
            for (Reproducible p : Catalogue.partsOf(paper)) {
                assertTrue(section.contains("`" + p.name() + "`") || section.contains("reproduce " + paper + " " + p.name()),
                        p.id() + " in papers/README.md");
                assertTrue(section.startsWith(paper + ": " + p.paper().reference() + "\n"),
                        "the heading of " + paper + " in papers/README.md is '## " + paper + ": " + p.paper().reference()
                                + "'");
            }
        }
    }

    @Test
    void anUnknownPairIsRefusedByTheCatalogue() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Catalogue.run("shen2024", "plateau"));
        assertEquals("bocchi2026 escape", Catalogue.find("bocchi2026", "escape").id());
        for (Reproducible p : Catalogue.PARTS) {
            assertFalse(p.name().equals("all"), "'all' runs every part; no part may be called so");
            assertTrue(Catalogue.find(p.paper().key(), p.name()) == p, p.id() + " is listed once");
        }
        assertEquals(List.of("saad1995", "bocchi2026", "shen2024", "zhou2021", "simsek2021", "sareen2026"),
                Catalogue.papers());
    }
}
