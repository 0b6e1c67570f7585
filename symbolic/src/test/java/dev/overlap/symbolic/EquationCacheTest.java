package dev.overlap.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.overlap.model.Normalisation;
import dev.overlap.model.PolynomialActivation;

/**
 * {@link EquationCache}: miss, hit, repair of corrupt entries, and an unwritable cache. Every cache lives in a
 * {@link TempDir}; the user's cache is never touched.
 *
 * <p>Where the expected values come from: the equations derived afresh ({@link Derivation}) for the same spec;
 * corrupt entries are made by editing the file (truncation, a changed coefficient in valid JSON, a foreign key,
 * and well-formed entries with a recomputed SHA-256 but a wrong shape).
 */
@Tag("slow")
class EquationCacheTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PolynomialActivation SIGMA = SymFixtures.activation("poly:0,1,0.5");

    private static OverlapEquations fresh() {
        return SymFixtures.derived(1, 1, "poly:0,1,0.5", Normalisation.MEAN, true);
    }

    private static OverlapEquations obtain(EquationCache cache) {
        return cache.obtain(1, 1, SIGMA, Normalisation.MEAN, true);
    }

    private static void assertSameEquations(OverlapEquations expected, OverlapEquations actual) {
        assertEquals(expected.p(), actual.p());
        assertEquals(expected.pstar(), actual.pstar());
        assertEquals(expected.activation(), actual.activation());
        assertEquals(expected.normalisation(), actual.normalisation());
        assertEquals(expected.eta2(), actual.eta2());
        assertEquals(expected.variables().names(), actual.variables().names());
        assertEquals(expected.rhs(), actual.rhs());
        assertEquals(expected.epsG(), actual.epsG());
    }

    private static List<Path> entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().collect(Collectors.toList());
        }
    }

    /** The single entry of a cache directory. */
    private static Path entry(Path dir) throws Exception {
        List<Path> e = entries(dir);
        assertEquals(1, e.size(), e::toString);
        assertTrue(e.get(0).getFileName().toString().matches("[0-9a-f]{32}\\.json"), e.get(0).toString());
        return e.get(0);
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** Replaces the payload and re-signs it: well-formed JSON with a valid checksum, but a wrong content. */
    private static void rewriteSigned(Path f, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(f));
        ObjectNode payload = (ObjectNode) root.get("payload");
        edit.accept(payload);
        root.put("sha256", sha256(JSON.writeValueAsString(payload)));
        Files.writeString(f, JSON.writeValueAsString(root));
    }

    @Test
    void missThenHitWithTheSameEquations(@TempDir Path dir) throws Exception {
        EquationCache cache = new EquationCache(dir);
        assertEquals(dir, cache.directory());
        OverlapEquations first = obtain(cache);
        assertEquals(EquationCache.Outcome.MISS, cache.lastOutcome());
        assertSameEquations(fresh(), first);
        Path f = entry(dir);

        OverlapEquations second = obtain(cache);
        assertEquals(EquationCache.Outcome.HIT, cache.lastOutcome());
        assertSameEquations(fresh(), second);

        // persisted: another instance on the same directory hits too
        EquationCache other = new EquationCache(dir);
        assertSameEquations(fresh(), obtain(other));
        assertEquals(EquationCache.Outcome.HIT, other.lastOutcome());
        assertEquals(List.of(f), entries(dir), "no temporary files left behind");

        // a different spec is a different entry
        OverlapEquations gradientFlow = cache.obtain(1, 1, SIGMA, Normalisation.MEAN, false);
        assertEquals(EquationCache.Outcome.MISS, cache.lastOutcome());
        assertNotEquals(first.rhs(), gradientFlow.rhs());
        assertSameEquations(SymFixtures.derived(1, 1, "poly:0,1,0.5", Normalisation.MEAN, false), gradientFlow);
        assertEquals(2, entries(dir).size());
        cache.obtain(1, 1, SIGMA, Normalisation.MEAN, false);
        assertEquals(EquationCache.Outcome.HIT, cache.lastOutcome());
    }

    @Test
    void cachedEquationsCompileAndEvaluateLikeTheDerivedOnes(@TempDir Path dir) {
        EquationCache cache = new EquationCache(dir);
        obtain(cache);
        OverlapEquations hit = obtain(cache);
        assertEquals(EquationCache.Outcome.HIT, cache.lastOutcome());
        CompiledEquations a = EquationCompiler.compile(hit);
        CompiledEquations b = EquationCompiler.compile(fresh());
        double[] y = {0.7, 0.3};
        double[] t = {1.0};
        double[] outA = new double[2];
        double[] outB = new double[2];
        a.rhs(y, t, 0.3, 0.1, outA);
        b.rhs(y, t, 0.3, 0.1, outB);
        org.junit.jupiter.api.Assertions.assertArrayEquals(outB, outA);
    }

    @Test
    void truncatedEntryIsRepaired(@TempDir Path dir) throws Exception {
        EquationCache cache = new EquationCache(dir);
        obtain(cache);
        Path f = entry(dir);
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertSameEquations(fresh(), obtain(cache));
        assertEquals(EquationCache.Outcome.REPAIRED, cache.lastOutcome());
        assertEquals(bytes.length, Files.size(f), "overwritten with a good entry");
        obtain(cache);
        assertEquals(EquationCache.Outcome.HIT, cache.lastOutcome());
    }

    @Test
    void emptyOrGarbageEntryIsRepaired(@TempDir Path dir) throws Exception {
        EquationCache cache = new EquationCache(dir);
        obtain(cache);
        Path f = entry(dir);
        for (String junk : new String[] {"", "null", "[]", "{}", "not json at all", "{\"key\": 3}"}) {
            Files.writeString(f, junk);
            assertSameEquations(fresh(), obtain(cache));
            assertEquals(EquationCache.Outcome.REPAIRED, cache.lastOutcome(), () -> "entry «" + junk + "»");
        }
    }

    @Test
    void changedCoefficientIsDetectedByTheChecksum(@TempDir Path dir) throws Exception {
        EquationCache cache = new EquationCache(dir);
        obtain(cache);
        Path f = entry(dir);
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(f));
        ArrayNode term = (ArrayNode) root.get("payload").get("rhs").get(0).get(0);
        String old = term.get(1).asText();
        term.set(1, JSON.getNodeFactory().textNode(old.startsWith("-") ? old.substring(1) : "-" + old));
        Files.writeString(f, JSON.writeValueAsString(root));
        assertTrue(JSON.readTree(Files.readString(f)).isObject(), "still valid JSON");

        assertSameEquations(fresh(), obtain(cache));
        assertEquals(EquationCache.Outcome.REPAIRED, cache.lastOutcome());
        obtain(cache);
        assertEquals(EquationCache.Outcome.HIT, cache.lastOutcome());
    }

    @Test
    void entryOfAnotherKeyIsNotTrusted(@TempDir Path dir) throws Exception {
        EquationCache cache = new EquationCache(dir);
        obtain(cache);
        Path f = entry(dir);
        // put the (valid, self-consistent) entry of the η²-off equations at the η²-on file
        Path other = Files.createDirectory(dir.resolve("other"));
        EquationCache otherCache = new EquationCache(other);
        otherCache.obtain(1, 1, SIGMA, Normalisation.MEAN, false);
        Files.copy(entry(other), f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertSameEquations(fresh(), obtain(cache));
        assertEquals(EquationCache.Outcome.REPAIRED, cache.lastOutcome());

        // an edited key with the payload intact
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(f));
        root.put("key", root.get("key").asText().replace("p=1", "p=3"));
        Files.writeString(f, JSON.writeValueAsString(root));
        assertSameEquations(fresh(), obtain(cache));
        assertEquals(EquationCache.Outcome.REPAIRED, cache.lastOutcome());
    }

    @Test
    void wellSignedButMisshapenEntriesAreNotTrusted(@TempDir Path dir) throws Exception {
        EquationCache cache = new EquationCache(dir);
        obtain(cache);
        Path f = entry(dir);
        String good = Files.readString(f);

        // re-signing an unchanged payload is still a hit (the checksum test above is not trivially failing)
        rewriteSigned(f, payload -> { });
        obtain(cache);
        assertEquals(EquationCache.Outcome.HIT, cache.lastOutcome());

        List<java.util.function.Consumer<ObjectNode>> edits = List.of(
            payload -> ((ArrayNode) payload.get("rhs")).remove(0), // one equation missing
            payload -> ((ArrayNode) payload.get("rhs")).add(JSON.createArrayNode()), // one too many
            payload -> ((ArrayNode) payload.get("rhs").get(0).get(0).get(0)).set(0, 999), // variable out of range
            payload -> ((ArrayNode) payload.get("rhs").get(0).get(0).get(0)).set(0, -1),
            payload -> ((ArrayNode) payload.get("rhs").get(0).get(0)).set(1, JSON.getNodeFactory().textNode("1/0")),
            payload -> ((ArrayNode) payload.get("rhs").get(0).get(0)).set(1, JSON.getNodeFactory().textNode("x")),
            payload -> payload.remove("eps_g"),
            payload -> payload.put("rhs", "none"));
        for (int i = 0; i < edits.size(); i++) {
            Files.writeString(f, good);
            rewriteSigned(f, edits.get(i));
            assertSameEquations(fresh(), obtain(cache));
            assertEquals(EquationCache.Outcome.REPAIRED, cache.lastOutcome(), "edit " + i);
        }
    }

    @Test
    void unwritableCacheDoesNotFailTheDerivation(@TempDir Path dir) throws Exception {
        // a regular file where the directory should be (works even as root, unlike permissions)
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        for (Path where : new Path[] {file, file.resolve("sub")}) {
            EquationCache cache = new EquationCache(where);
            assertSameEquations(fresh(), obtain(cache));
            assertEquals(EquationCache.Outcome.MISS, cache.lastOutcome());
            assertSameEquations(fresh(), obtain(cache));
            assertEquals(EquationCache.Outcome.MISS, cache.lastOutcome(), "nothing could be stored");
        }
        assertEquals("x", Files.readString(file), "the file in the way is left alone");
    }

    @Test
    void missingDirectoryIsCreated(@TempDir Path dir) throws Exception {
        Path deep = dir.resolve("a").resolve("b");
        EquationCache cache = new EquationCache(deep);
        obtain(cache);
        assertEquals(EquationCache.Outcome.MISS, cache.lastOutcome());
        entry(deep);
        obtain(cache);
        assertEquals(EquationCache.Outcome.HIT, cache.lastOutcome());
    }
}
