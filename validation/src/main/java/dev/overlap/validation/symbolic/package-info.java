/**
 * The symbolic right-hand side of the overlap ODEs, where both ode and symbolic are visible: {@link
 * dev.overlap.validation.symbolic.SymbolicDynamics} evaluates the compiled derived equations, and {@link
 * dev.overlap.validation.symbolic.SymbolicRhs} is the {@link dev.overlap.ode.SymbolicRightHandSide} registered with
 * ode's {@link dev.overlap.ode.ActivationTheory}, with the compiled evaluators kept in memory.
 */
package dev.overlap.validation.symbolic;
