package dev.overlap.ode.events;

/** What a detector's zero crossing means; recorded with each event by {@link EventsLog}. */
public enum EventKind {
    /** ε_g crossed the edge of the plateau band |ε_g − ε_g*| = tol · ε_g* (decreasing: entry; increasing: exit). */
    PLATEAU_BAND,
    /** ε_g crossed the escape level f · ε_g* (decreasing: the escape). */
    ESCAPE,
    /** The largest student norm crossed the divergence bound (decreasing: the norms blew up). */
    DIVERGENCE,
    /** A residual crossed its tolerance (decreasing: the dynamics has settled at a fixed point). */
    SETTLED,
    /** Any other level of a state function (see {@link LevelDetector}). */
    LEVEL
}
