/**
 * Reproductions of published results. One class per paper, one method per reproduced claim; each returns a
 * {@link dev.overlap.papers.Reproduction} (tables, figures, and checks of predicted against measured values
 * with a tolerance) that the CLI renders ({@code overlap reproduce KEY PART}) and the tests assert.
 */
package dev.overlap.papers;
