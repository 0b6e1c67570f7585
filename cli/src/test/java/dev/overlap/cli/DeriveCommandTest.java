package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code overlap derive} and {@code overlap solve --rhs} end to end. Expected equations for p = p* = 1
 * (quadratic, mean) are derived by hand: with e = λ² − ν², E[λ⁴] = 3Q², E[λ²ν²] = QT + 2R², E[λ³ν] = 3QR,
 * E[λν³] = 3RT, so ε_g = ½E[e²] = 3/2 Q² − QT − 2R² + 3/2 T² and dR/dα = −2η(E[λ³ν] − E[λν³]) = 6ηR(T − Q).
 */
@Tag("slow")
class DeriveCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliEndToEndTest.Run run(String... args) {
        return CliEndToEndTest.run(args);
    }

    @Test
    void jsonExportOfTheSmallestModelMatchesTheHandDerivation() throws IOException {
        Path out = dir.resolve("eq.json");
        CliEndToEndTest.Run r = run("derive", "--p", "1", "--pstar", "1", "--format", "json", "--out", out.toString(),
                "--cache-dir", dir.resolve("cache").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode doc = JSON.readTree(out.toFile());
        assertEquals("[\"Q[1,1]\",\"R[1,1]\"]", doc.get("variables").toString());
        assertEquals("[\"eta\",\"Delta\"]", doc.get("parameters").toString());
        assertEquals("3/2*Q[1,1]^2 - Q[1,1]*T[1,1] - 2*R[1,1]^2 + 3/2*T[1,1]^2", doc.get("eps_g").asText());
        assertEquals("-6*Q[1,1]*R[1,1]*eta + 6*R[1,1]*T[1,1]*eta", doc.get("rhs").get("R[1,1]").asText());
        assertEquals(1, doc.get("spec").get("p").asInt());
    }

    @Test
    void textLatexAndJavaFormats() throws IOException {
        String cache = dir.resolve("cache").toString();
        CliEndToEndTest.Run text = run("derive", "--p", "2", "--pstar", "1", "--cache-dir", cache);
        assertEquals(0, text.code(), text.err());
        List<String> eqs = text.out().lines().filter(l -> !l.startsWith("(*")).toList();
        assertEquals(6, eqs.size(), text.out());
        for (String name : new String[] {"dQ[1,1] == ", "dQ[1,2] == ", "dQ[2,2] == ", "dR[1,1] == ", "dR[2,1] == ",
            "epsg == "}) {
            assertTrue(eqs.stream().anyMatch(l -> l.startsWith(name)), name);
        }
        Path tex = dir.resolve("eq.tex");
        CliEndToEndTest.Run latex = run("derive", "--p", "2", "--pstar", "1", "--format", "latex", "--out",
                tex.toString(), "--cache-dir", cache);
        assertEquals(0, latex.code(), latex.err());
        String t = Files.readString(tex);
        assertTrue(t.contains("\\begin{align*}") && t.contains("\\end{align*}") && t.contains("\\documentclass"));
        assertEquals(5, t.split("\\\\frac\\{d", -1).length - 1, "one fraction d…/dα per state variable");
        CliEndToEndTest.Run java = run("derive", "--p", "2", "--pstar", "1", "--format", "java", "--cache-dir", cache);
        assertTrue(java.out().contains("implements dev.overlap.symbolic.CompiledEquations"), java.out());
        assertTrue(java.err().contains("read from the cache"), java.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--activation poly:1,2,3,4,5,6", "--activation poly:0,x", "--activation relu", "--p 0",
        "--format pdf", "--activation poly:3"})
    void badDeriveInputIsOneLine(String flags) {
        String[] args = ("derive " + flags + " --cache-dir " + dir.resolve("c")).split(" ");
        CliEndToEndTest.Run r = run(args);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().startsWith("overlap: "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void symbolicAndClosedFormSolvesAgree() {
        String cache = dir.resolve("cache").toString();
        CliEndToEndTest.Run closed = run("solve", "--p", "3", "--pstar", "2", "--alphas", "0,5,30,60,100", "-q");
        CliEndToEndTest.Run sym = run("solve", "--p", "3", "--pstar", "2", "--alphas", "0,5,30,60,100", "--rhs",
                "symbolic", "--cache-dir", cache, "-q");
        assertEquals(0, closed.code(), closed.err());
        assertEquals(0, sym.code(), sym.err());
        List<String> a = closed.out().lines().toList();
        List<String> b = sym.out().lines().toList();
        assertEquals(a.get(0), b.get(0));
        for (int i = 1; i < a.size(); i++) {
            String[] x = a.get(i).split(",");
            String[] y = b.get(i).split(",");
            for (int k = 0; k < x.length; k++) {
                double u = Double.parseDouble(x[k]);
                double v = Double.parseDouble(y[k]);
                assertEquals(u, v, 1e-7 * Math.max(1, Math.abs(u)), "row " + i + " column " + k);
            }
        }
    }

    @Test
    void oddPolynomialHasNoPlateauAndSaysWhy() throws IOException {
        Path csv = dir.resolve("poly.csv");
        CliEndToEndTest.Run r = run("solve", "--p", "2", "--pstar", "1", "--activation", "poly:0,1,0.5", "--alpha-max",
                "50", "--out", csv.toString(), "--cache-dir", dir.resolve("cache").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode meta = JSON.readTree(dir.resolve("poly.json").toFile());
        assertTrue(meta.get("events").get("plateau").isNull());
        assertTrue(meta.get("events").get("no_plateau_reason").asText().contains("not invariant"));
        assertEquals("symbolic", meta.get("solver").get("rhs").asText());
        assertTrue(r.err().contains("No plateau"), r.err());
    }

    @Test
    void closedFormIsRefusedForOtherPolynomials() {
        CliEndToEndTest.Run r = run("solve", "--activation", "poly:0,0,1,0,1", "--rhs", "closed-form");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--rhs symbolic"), r.err());
    }
}
