/**
 * Accurate converging tails of the learning curve (issue 15): {@link dev.overlap.ode.tails.TailRefinement}
 * re-integrates the tail in deviation coordinates with ε_g-scaled tolerances, and
 * {@link dev.overlap.ode.tails.DeviationDynamics} evaluates the right-hand side and ε_g there in double-double
 * arithmetic ({@link dev.overlap.ode.tails.DoubleDouble}), so that ε_g keeps its relative accuracy where it is small.
 */
package dev.overlap.ode.tails;
