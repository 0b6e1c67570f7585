package dev.overlap.symbolic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.hipparchus.fraction.BigFraction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.overlap.model.Normalisation;
import dev.overlap.model.PolynomialActivation;

/**
 * A disk cache of derived equations, keyed by what the derivation depends on (widths, activation,
 * normalisation, η² switch, and the cache format). An entry stores the exact polynomials and the SHA-256
 * of its payload; an entry that does not parse, belongs to another key, or fails the checksum is
 * re-derived and overwritten, never trusted. Entries are written atomically (temporary file, then move).
 *
 * <p>Default location: {@code $OVERLAP_CACHE}, else {@code $XDG_CACHE_HOME/overlap/equations}, else
 * {@code ~/.cache/overlap/equations}.
 */
public final class EquationCache {

    /** Bumped whenever the derivation or the entry format changes. */
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    /** What happened on the last {@link #obtain}. */
    public enum Outcome {
        /** Read from the cache. */
        HIT,
        /** Not in the cache: derived and stored. */
        MISS,
        /** In the cache but corrupt or stale: re-derived and overwritten. */
        REPAIRED,
        /** The cache was bypassed. */
        BYPASSED
    }

    private Outcome lastOutcome;

    public EquationCache(Path dir) {
        this.dir = dir;
    }

    /**
     * The default cache (see the class comment).
     *
     * @return a new cache in $OVERLAP_CACHE, else $XDG_CACHE_HOME/overlap/equations, else ~/.cache/overlap/equations
     */
    public static EquationCache defaultCache() {
        String env = System.getenv("OVERLAP_CACHE");
        if (env != null && !env.isBlank()) {
            return new EquationCache(Path.of(env));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new EquationCache(base.resolve("overlap").resolve("equations"));
    }

    public Path directory() {
        return dir;
    }

    public Outcome lastOutcome() {
        return lastOutcome;
    }

    /** The cache key of a derivation. */
    static String key(int p, int pstar, PolynomialActivation sigma, Normalisation norm, boolean eta2) {
        return "overlap-equations/v" + FORMAT + ";p=" + p + ";pstar=" + pstar + ";activation=" + sigma.name() + ";norm="
                + norm.flag() + ";eta2=" + eta2;
    }

    /** The file of a key. */
    Path file(String key) {
        return dir.resolve(sha256(key).substring(0, 32) + ".json");
    }

    /**
     * The equations from the cache, or derived (and stored) if absent, corrupt or stale. A cache that
     * cannot be written is not an error: the derivation is returned all the same.
     *
     * @return the equations for these widths, activation, normalisation and η² switch
     */
    public OverlapEquations obtain(int p, int pstar, PolynomialActivation sigma, Normalisation norm, boolean eta2) {
        return obtain(p, pstar, sigma, norm, eta2, null);
    }

    /**
     * As {@link #obtain(int, int, PolynomialActivation, Normalisation, boolean)}, passing {@code done} to the
     * derivation when there is one ({@link Derivation#derive(int, int, PolynomialActivation, Normalisation, boolean,
     * java.util.function.LongConsumer)}); nothing is reported on a cache hit.
     *
     * @return the equations for these widths, activation, normalisation and η² switch
     */
    public OverlapEquations obtain(int p, int pstar, PolynomialActivation sigma, Normalisation norm, boolean eta2,
            java.util.function.LongConsumer done) {
        String key = key(p, pstar, sigma, norm, eta2);
        Path f = file(key);
        boolean existed = Files.exists(f);
        if (existed) {
            OverlapEquations eq = read(f, key, p, pstar, sigma, norm, eta2);
            if (eq != null) {
                lastOutcome = Outcome.HIT;
                return eq;
            }
        }
        OverlapEquations eq = Derivation.derive(p, pstar, sigma, norm, eta2, done);
        write(f, key, eq);
        lastOutcome = existed ? Outcome.REPAIRED : Outcome.MISS;
        return eq;
    }

    private static OverlapEquations read(Path f, String key, int p, int pstar, PolynomialActivation sigma,
            Normalisation norm, boolean eta2) {
        try {
            JsonNode root = JSON.readTree(Files.readString(f));
            if (root == null || !key.equals(root.path("key").asText()) || !root.has("payload")) {
                return null;
            }
            JsonNode payload = root.get("payload");
            String sum = sha256(JSON.writeValueAsString(payload));
            if (!sum.equals(root.path("sha256").asText())) {
                return null;
            }
            OverlapVariables vars = new OverlapVariables(p, pstar);
            JsonNode rhsNode = payload.get("rhs");
            if (rhsNode == null || !rhsNode.isArray() || rhsNode.size() != vars.stateDimension()) {
                return null;
            }
            List<Poly> rhs = new ArrayList<>();
            for (JsonNode poly : rhsNode) {
                rhs.add(poly(poly, vars));
            }
            return new OverlapEquations(p, pstar, sigma, norm, eta2, vars, rhs, poly(payload.get("eps_g"), vars));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Poly poly(JsonNode node, OverlapVariables vars) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("not a polynomial");
        }
        Poly sum = Poly.zero();
        for (JsonNode term : node) {
            JsonNode mono = term.get(0);
            int[] v = new int[mono.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = mono.get(i).asInt();
                if (v[i] < 0 || v[i] >= vars.count()) {
                    throw new IllegalArgumentException("variable out of range");
                }
            }
            String[] frac = term.get(1).asText().split("/");
            BigFraction c = new BigFraction(new java.math.BigInteger(frac[0]), new java.math.BigInteger(frac[1]));
            sum = sum.add(Poly.term(c, v));
        }
        return sum;
    }

    private void write(Path f, String key, OverlapEquations eq) {
        ObjectNode root = JSON.createObjectNode();
        root.put("key", key);
        ObjectNode payload = JSON.createObjectNode();
        ArrayNode rhs = payload.putArray("rhs");
        for (Poly poly : eq.rhs()) {
            rhs.add(json(poly));
        }
        payload.set("eps_g", json(eq.epsG()));
        try {
            root.put("sha256", sha256(JSON.writeValueAsString(payload)));
            root.set("payload", payload);
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + f.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // an unwritable cache only costs the next run a derivation
        }
    }

    private static ArrayNode json(Poly poly) {
        ArrayNode a = JSON.createArrayNode();
        for (Map.Entry<Poly.Monomial, BigFraction> t : poly.terms()) {
            ArrayNode term = a.addArray();
            ArrayNode mono = term.addArray();
            for (int v : t.getKey().vars()) {
                mono.add(v);
            }
            term.add(t.getValue().getNumerator() + "/" + t.getValue().getDenominator());
        }
        return a;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
