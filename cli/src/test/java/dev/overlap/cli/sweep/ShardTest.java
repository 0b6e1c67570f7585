package dev.overlap.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void shardsPartitionEveryGridIntoNearlyEqualParts() {
        for (int points = 0; points <= 40; points++) {
            for (int n = 1; n <= 9; n++) {
                int[] owners = new int[points];
                int[] sizes = new int[n];
                for (int i = 1; i <= n; i++) {
                    Shard s = new Shard(i, n);
                    for (int k = 0; k < points; k++) {
                        if (s.owns(k)) {
                            owners[k]++;
                            sizes[i - 1]++;
                        }
                    }
                }
                for (int k = 0; k < points; k++) {
                    assertEquals(1, owners[k], "point " + k + " of " + points + " with " + n + " shards");
                }
                for (int size : sizes) {
                    assertTrue(size == points / n || size == points / n + 1, points + "/" + n);
                }
            }
        }
    }

    @Test
    void parsesAndRefusesShards() {
        assertEquals(new Shard(2, 8), Shard.parse("2/8"));
        for (String bad : new String[] {"0/4", "5/4", "2", "a/b", "1/0", "1/2/3"}) {
            assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
        }
    }

    @Test
    void slurmArrayTasksMapToShards() {
        assertEquals(Optional.empty(), Shard.fromSlurm(Map.of()));
        assertEquals(Optional.of(new Shard(1, 4)), Shard.fromSlurm(Map.of("SLURM_ARRAY_TASK_ID", "0",
                "SLURM_ARRAY_TASK_COUNT", "4")));
        assertEquals(Optional.of(new Shard(4, 4)), Shard.fromSlurm(Map.of("SLURM_ARRAY_TASK_ID", "8",
                "SLURM_ARRAY_TASK_MIN", "5", "SLURM_ARRAY_TASK_COUNT", "4")));
        assertThrows(IllegalArgumentException.class, () -> Shard.fromSlurm(Map.of("SLURM_ARRAY_TASK_ID", "3")));
        assertThrows(IllegalArgumentException.class, () -> Shard.fromSlurm(Map.of("SLURM_ARRAY_TASK_ID", "9",
                "SLURM_ARRAY_TASK_COUNT", "4")));
    }
}
