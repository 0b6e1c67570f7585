package dev.overlap.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.overlap.testing.DenseMatrices;
import dev.overlap.model.Activation;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;
import dev.overlap.model.StandardActivation;
import dev.overlap.ode.finiten.GaussHermiteDiffusion;
import dev.overlap.ode.finiten.QuadraticDiffusion;

/**
 * What each activation's {@link ActivationTheory} answers, as the theory stands (docs/model.md, docs/finite-n.md):
 * z² has the closed-form ODEs, the Isserlis kernel ab + 2c², the rotation symmetry, the closed-form diffusion and
 * the exact Hessian; erf the Saad–Solla ODEs and arcsine kernel; ReLU and |z| only their kernels; other
 * polynomials only the symbolic equations, which ode alone (this module's tests, no service registered) lacks.
 */
class ActivationTheoryTest {

    @Test
    void quadratic() {
        ActivationTheory q = ActivationTheory.of(Activation.QUADRATIC, null);
        ModelSpec spec = ModelSpec.builder().p(2).pstar(1).build();
        assertEquals(Set.of(RhsKind.CLOSED_FORM), q.rightHandSides());
        assertEquals(RhsKind.CLOSED_FORM, q.defaultRightHandSide());
        assertTrue(q.hasDynamics(spec));
        assertInstanceOf(QuadraticClosedFormDynamics.class, q.dynamics(spec, DenseMatrices.identity(1), RhsKind.CLOSED_FORM));
        assertSame(PairKernel.QUADRATIC, q.populationLossKernel().orElseThrow());
        assertTrue(q.rotationSymmetric());
        assertFalse(q.permutationSymmetricPlateau());
        assertInstanceOf(QuadraticDiffusion.class, q.diffusion(spec, DenseMatrices.identity(1)));
        assertEquals(OptionalInt.of(2), q.polynomialDegree());
        assertEquals(Optional.of(WeightSpaceHessian.Method.EXACT), q.weightSpaceHessian());
    }

    @Test
    void erf() {
        ActivationTheory e = ActivationTheory.of(StandardActivation.ERF);
        ModelSpec spec = ModelSpec.builder().p(2).pstar(1).activation(StandardActivation.ERF).build();
        assertEquals(Set.of(RhsKind.CLOSED_FORM), e.rightHandSides());
        assertInstanceOf(ErfDynamics.class, OverlapDynamics.of(spec, DenseMatrices.identity(1)));
        assertSame(PairKernel.ERF, e.populationLossKernel().orElseThrow());
        assertFalse(e.rotationSymmetric());
        assertTrue(e.permutationSymmetricPlateau());
        assertInstanceOf(GaussHermiteDiffusion.class, e.diffusion(spec, DenseMatrices.identity(1)));
        assertEquals(OptionalInt.empty(), e.polynomialDegree());
        assertEquals(Optional.of(WeightSpaceHessian.Method.CENTRAL_DIFFERENCES), e.weightSpaceHessian());
        SpecException s = assertThrows(SpecException.class,
                () -> e.dynamics(spec, DenseMatrices.identity(1), RhsKind.SYMBOLIC));
        assertTrue(s.getMessage().contains("erf has closed-form integrals"), s.getMessage());
    }

    @Test
    void reluAndAbsHaveOnlyTheirKernels() {
        for (Activation a : new Activation[] {StandardActivation.RELU, StandardActivation.ABS}) {
            ActivationTheory t = ActivationTheory.of(a);
            ModelSpec spec = ModelSpec.builder().p(2).pstar(1).activation(a).build();
            assertEquals(Set.of(), t.rightHandSides());
            assertFalse(t.hasDynamics(spec));
            assertSame(a == StandardActivation.RELU ? PairKernel.RELU : PairKernel.ABS,
                    t.populationLossKernel().orElseThrow());
            assertTrue(t.weightSpaceHessian().isEmpty());
            SpecException s = assertThrows(SpecException.class, () -> OverlapDynamics.of(spec, DenseMatrices.identity(1)));
            assertEquals("no ODE theory for activation '" + a.name() + "' yet", s.getMessage());
        }
    }

    @Test
    void otherPolynomialsNeedTheSymbolicRightHandSide() {
        Activation sigma = Activation.parse("poly:0,1,1/2");
        ActivationTheory t = ActivationTheory.of(sigma);
        ModelSpec spec = ModelSpec.builder().p(2).pstar(1).activation(sigma).build();
        assertEquals(Set.of(), t.rightHandSides(), "ode's tests register no symbolic right-hand side");
        assertEquals(RhsKind.SYMBOLIC, t.defaultRightHandSide());
        assertFalse(t.hasDynamics(spec));
        assertEquals(OptionalInt.of(2), t.polynomialDegree());
        assertTrue(t.populationLossKernel().isEmpty());
        SpecException s = assertThrows(SpecException.class, () -> OverlapDynamics.of(spec, DenseMatrices.identity(1)));
        assertTrue(s.getMessage().contains("overlap-validation"), s.getMessage());
        SpecException closed = assertThrows(SpecException.class,
                () -> t.dynamics(spec, DenseMatrices.identity(1), RhsKind.CLOSED_FORM));
        assertTrue(closed.getMessage().contains("only for the quadratic activation"), closed.getMessage());
    }
}
