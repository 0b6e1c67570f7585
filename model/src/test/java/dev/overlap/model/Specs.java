package dev.overlap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the model tests. */
final class Specs {

    private Specs() {
    }

    static ModelSpec spec(int p, int pstar, double eta, double noise, TeacherSpec teacher, InitialCondition init) {
        return new ModelSpec(p, pstar, Activation.QUADRATIC, Normalisation.MEAN, eta,
                ModelSpec.LearningRateConvention.ABSOLUTE, noise, true, teacher, init);
    }

    static ModelSpec spec(int p, int pstar) {
        return spec(p, pstar, 0.5, 0.0, new TeacherSpec.Orthonormal(), new InitialCondition.Isotropic(0.5, 0.0));
    }

    static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    /**
     * Asserts that {@code body} throws a {@link SpecException} about {@code parameter} whose message, with the
     * parameter written as a command-line flag ({@code --} and the name with {@code -} for {@code _}, as the CLI
     * writes it), contains every one of {@code fragments}; returns that message.
     */
    static String assertParameterError(Executable body, String parameter, String... fragments) {
        SpecException e = assertThrows(SpecException.class, body);
        assertEquals(parameter, e.parameter().orElse(null), e.getMessage());
        String msg = e.message(name -> "--" + name.replace('_', '-'));
        for (String f : fragments) {
            assertTrue(msg.contains(f), () -> "message «" + msg + "» should mention «" + f + "»");
        }
        return msg;
    }

    /**
     * Asserts that {@code body} throws a {@link SpecException} whose message contains every one of
     * {@code fragments}, and returns the message.
     */
    static String assertSpecError(Executable body, String... fragments) {
        SpecException e = assertThrows(SpecException.class, body);
        String msg = e.getMessage();
        for (String f : fragments) {
            assertTrue(msg.contains(f), () -> "message «" + msg + "» should mention «" + f + "»");
        }
        return msg;
    }
}
