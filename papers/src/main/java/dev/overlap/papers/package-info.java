/**
 * Reproductions of published results. {@link dev.overlap.papers.Catalogue#PARTS} lists them, one
 * {@link dev.overlap.papers.Reproducible} per reproduced claim of a {@link dev.overlap.papers.Paper}; each run returns a
 * {@link dev.overlap.papers.Reproduction} (tables, figures, and checks of predicted against measured values with a
 * tolerance) that the CLI renders ({@code overlap reproduce KEY PART}) and the tests assert.
 */
package dev.overlap.papers;
