package dev.overlap.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class SweepTableTest {

    @Test
    void rowsFollowTheGridWithMissingPointsMarked() throws Exception {
        SweepGrid g = new SweepGrid(List.of(new SweepAxis("--seeds", "4,8", List.of("4", "8"), false)), List.of(), false);
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("escape_alpha_mean", 17.25);
        res.put("seeds", 4L);
        res.put("plateau_eps_g", null);
        PointRecord r = new PointRecord("k0", "simulate", List.of("--seeds", "4"), PointRecord.ERROR, 2,
                "bad, \"quoted\" input", 0.5, "0.1.0", res);
        SweepTable t = new SweepTable("simulate", g, p -> p.index() == 0 ? r : null);
        // the result column "seeds" repeats the swept flag --seeds: it is left out
        assertEquals(1, t.columns().stream().filter("seeds"::equals).count());
        String[] lines = t.csv().split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[1].startsWith("4,,17.25,"), lines[1]);
        assertTrue(lines[1].endsWith(",0.5,error,\"bad, \"\"quoted\"\" input\""), lines[1]);
        assertTrue(lines[2].endsWith(",,missing,not in the store"), lines[2]);
        assertEquals(t.columns().size(), lines[0].split(",").length);
        JsonNode j = new ObjectMapper().readTree(t.json(Map.of("name", "overlap"), List.of("--seeds", "4,8"), p -> "k"
                + p.index()));
        assertEquals(1, j.at("/counts/error").asInt());
        assertEquals(1, j.at("/counts/missing").asInt());
        assertEquals("8", j.at("/points/1/parameters/seeds").asText());
        assertTrue(j.at("/points/0/results/plateau_eps_g").isNull());
        assertFalse(j.at("/points/0/results").has("seeds"));
    }

    @Test
    void recordsSurviveTheirJsonRoundTrip() {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("a", 1.5);
        res.put("b", 7L);
        res.put("c", "AGREE");
        res.put("d", null);
        PointRecord r = new PointRecord("abc", "escape", List.of("--p", "2"), PointRecord.OK, 0, "", 1.25, "0.1.0", res);
        assertEquals(r, PointRecord.fromJson(r.toJson()));
    }
}
