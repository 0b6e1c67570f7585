package dev.overlap.cli.sweep;

import java.util.Map;
import java.util.Optional;

/**
 * Shard {@code index} of {@code count} (1-based, as in {@code --shard 2/8}): it owns the points whose 0-based
 * grid index k satisfies k mod count = index − 1, so the shards 1 … count partition the grid and each gets
 * every count-th point (neighbouring points, which often cost alike, land on different shards).
 *
 * @param index 1 … count
 * @param count number of shards, ≥ 1
 */
public record Shard(int index, int count) {

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("a shard is i/n with 1 ≤ i ≤ n (got " + index + "/" + count + ")");
        }
    }

    /** Whether this shard runs the point at 0-based grid index {@code k}. */
    public boolean owns(int k) {
        return k % count == index - 1;
    }

    /** Parses {@code i/n}. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--shard takes i/n, e.g. 2/8 (got '" + text + "')");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard takes i/n with whole numbers, e.g. 2/8 (got '" + text + "')");
        }
    }

    /**
     * The shard of a SLURM array task, from {@code SLURM_ARRAY_TASK_ID}, {@code SLURM_ARRAY_TASK_MIN} (0 if
     * unset) and {@code SLURM_ARRAY_TASK_COUNT}: index = ID − MIN + 1, count = COUNT. Empty outside an array job.
     *
     * @throws IllegalArgumentException if the variables are present but not consistent
     */
    public static Optional<Shard> fromSlurm(Map<String, String> env) {
        String id = env.get("SLURM_ARRAY_TASK_ID");
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String count = env.get("SLURM_ARRAY_TASK_COUNT");
        if (count == null || count.isBlank()) {
            throw new IllegalArgumentException("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: give --shard i/n");
        }
        String min = env.getOrDefault("SLURM_ARRAY_TASK_MIN", "0");
        try {
            int i = Integer.parseInt(id.trim()) - Integer.parseInt(min.trim()) + 1;
            return Optional.of(new Shard(i, Integer.parseInt(count.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SLURM_ARRAY_TASK_ID/MIN/COUNT are not whole numbers: give --shard i/n");
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
