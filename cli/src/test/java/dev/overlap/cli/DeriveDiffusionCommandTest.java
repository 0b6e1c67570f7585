package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.codehaus.janino.SimpleCompiler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.overlap.model.Activation;
import dev.overlap.model.Normalisation;
import dev.overlap.model.PolynomialActivation;
import dev.overlap.symbolic.CompiledDiffusion;
import dev.overlap.symbolic.Derivation;
import dev.overlap.symbolic.DiffusionEquations;
import dev.overlap.symbolic.EquationExport;

/** {@code overlap derive --diffusion}: every format, and the refusals. */
@Tag("slow")
class DeriveDiffusionCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CliEndToEndTest.Run run(String... args) {
        return CliEndToEndTest.run(args);
    }

    @Test
    void textHasOneLinePerEntryOfTheUpperTriangle() {
        CliEndToEndTest.Run r = run("derive", "--diffusion", "--p", "2", "--pstar", "1");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().filter(l -> !l.startsWith("(*")).toList();
        String[] names = {"Q[1,1]", "Q[1,2]", "Q[2,2]", "R[1,1]", "R[2,1]"};
        assertEquals(15, lines.size(), r.out());
        int k = 0;
        for (int i = 0; i < names.length; i++) {
            for (int j = i; j < names.length; j++) {
                assertTrue(lines.get(k++).startsWith("D[" + names[i] + "," + names[j] + "] == "), lines.get(k - 1));
            }
        }
        assertTrue(r.err().contains("15 entries"), r.err());
    }

    @Test
    void jsonHasTheDiffusionKeyWithTheDerivedEntries() throws IOException {
        Path out = dir.resolve("d.json");
        CliEndToEndTest.Run r = run("derive", "--diffusion", "--p", "1", "--pstar", "1", "--format", "json", "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode doc = JSON.readTree(out.toFile());
        assertEquals("[\"Q[1,1]\",\"R[1,1]\"]", doc.get("variables").toString());
        assertEquals(null, doc.get("rhs"));
        JsonNode d = doc.get("diffusion");
        assertEquals(3, d.size());
        DiffusionEquations de = Derivation.deriveDiffusion(1, 1,
                (PolynomialActivation) Activation.parse("quadratic"), Normalisation.MEAN);
        assertEquals(EquationExport.inputForm(de.entry(0, 1), de.variables()), d.get("D[Q[1,1],R[1,1]]").asText());
        assertTrue(d.get("D[R[1,1],R[1,1]]").asText().contains("Delta"), d.toString());
    }

    @Test
    void latexAndJavaFormats() throws Exception {
        Path tex = dir.resolve("d.tex");
        CliEndToEndTest.Run latex = run("derive", "--diffusion", "--p", "2", "--pstar", "1", "--format", "latex",
                "--out", tex.toString());
        assertEquals(0, latex.code(), latex.err());
        String t = Files.readString(tex);
        assertTrue(t.contains("\\begin{align*}") && t.contains("\\end{align*}") && t.contains("\\documentclass"));
        assertEquals(15, t.split("D_\\{", -1).length - 1, "one D_{X,Y} per entry X ≤ Y");

        CliEndToEndTest.Run java = run("derive", "--diffusion", "--p", "2", "--pstar", "1", "--format", "java");
        assertEquals(0, java.code(), java.err());
        String src = java.out();
        assertTrue(src.contains("implements dev.overlap.symbolic.CompiledDiffusion"), src);
        String cls = src.substring(src.indexOf("public final class ") + 19);
        cls = cls.substring(0, cls.indexOf(' '));
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(CompiledDiffusion.class.getClassLoader());
        compiler.cook(src);
        CompiledDiffusion c = (CompiledDiffusion) compiler.getClassLoader()
                .loadClass("dev.overlap.symbolic.generated." + cls).getDeclaredConstructor().newInstance();
        assertEquals(5, c.dimension());
        double[] y = {0.9, 0.1, 1.1, 0.3, -0.2};
        double[] out = new double[25];
        c.diffusion(y, new double[] {1.0}, 0.2, 0.3, out);
        for (int i = 0; i < 5; i++) {
            assertTrue(out[i * 5 + i] > 0, "positive diagonal " + out[i * 5 + i]);
            for (int j = 0; j < 5; j++) {
                assertEquals(out[i * 5 + j], out[j * 5 + i], 0.0);
            }
        }
    }

    @Test
    void withoutTheFlagTheOdesAreWrittenAsBefore() {
        CliEndToEndTest.Run r = run("derive", "--p", "1", "--pstar", "1", "--no-cache");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("D["), r.out());
        assertTrue(r.out().contains("dR[1,1] == "), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--p 4 --pstar 2", "--p 2 --pstar 2 --activation poly:0,1,1/2",
        "--p 2 --pstar 1 --activation poly:0,0,0,0,1", "--no-eta2", "--format pdf", "--p 0"})
    void tooLargeOrBadInputIsOneLine(String flags) {
        String[] args = ("derive --diffusion " + flags).split(" ");
        CliEndToEndTest.Run r = run(args);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().startsWith("overlap: "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void theSizeLimitIsNamed() {
        CliEndToEndTest.Run r = run("derive", "--diffusion", "--p", "4", "--pstar", "2");
        assertTrue(r.err().contains("p + p* <= 5"), r.err());
    }
}
