package dev.overlap.cli;

import java.util.List;

/** English for printed summaries: counted nouns and lists. */
final class Words {

    private Words() {
    }

    /** "1 seed", "2 seeds", "0 seeds": n and the noun, plural unless n = 1 (plural = singular + "s"). */
    static String count(long n, String singular) {
        return n + " " + (n == 1 ? singular : singular + "s");
    }

    /** "a", "a and b", "a, b and c". */
    static String list(List<String> items) {
        int k = items.size();
        if (k == 0) {
            return "";
        }
        if (k == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, k - 1)) + " and " + items.get(k - 1);
    }
}
