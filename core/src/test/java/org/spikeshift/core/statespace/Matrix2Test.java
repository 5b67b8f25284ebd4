package org.spikeshift.core.statespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Matrix2Test {

    /** Real distinct, complex (resonator), repeated (Jordan block) and diagonal-repeated cases. */
    static Stream<Matrix2> matrices() {
        return Stream.of(
                PublishedNeurons.adLif(0.9, 0.98, -0.5, 1.0).a(),
                PublishedNeurons.adLif(0.85, 0.99, 1.0, 0.5).a(),
                PublishedNeurons.lif(0.95).a(),
                new Matrix2(0.9, 0.3, 0, 0.9),
                new Matrix2(0.8, 0, 0, 0.8),
                new Matrix2(0.9, 0.3, -1e-9, 0.9 + 1e-9));
    }

    private static void assertClose(Matrix2 expected, Matrix2 actual, double tol) {
        assertEquals(expected.m00(), actual.m00(), tol, "m00 " + actual);
        assertEquals(expected.m01(), actual.m01(), tol, "m01 " + actual);
        assertEquals(expected.m10(), actual.m10(), tol, "m10 " + actual);
        assertEquals(expected.m11(), actual.m11(), tol, "m11 " + actual);
    }

    @Test
    void theTestMatricesCoverComplexAndRealEigenvalues() {
        assertTrue(PublishedNeurons.adLif(0.85, 0.99, 1.0, 0.5).a().hasComplexEigenvalues());
        assertFalse(PublishedNeurons.adLif(0.9, 0.98, -0.5, 1.0).a().hasComplexEigenvalues());
    }

    @ParameterizedTest
    @MethodSource("matrices")
    void squareRootSquaredIsTheMatrix(Matrix2 a) {
        Matrix2 root = a.power(0.5);
        assertClose(a, root.times(root), 1e-9);
    }

    @ParameterizedTest
    @MethodSource("matrices")
    void integerPowersMatchRepeatedProducts(Matrix2 a) {
        Matrix2 product = Matrix2.IDENTITY;
        Matrix2 sum = new Matrix2(0, 0, 0, 0);
        for (int k = 1; k <= 4; k++) {
            sum = sum.plus(product);
            product = product.times(a);
            assertClose(product, a.power(k), 1e-9);
            assertClose(sum, a.powerSum(k), 1e-7);
        }
    }

    @ParameterizedTest
    @MethodSource("matrices")
    void determinantOfThePowerIsThePowerOfTheDeterminant(Matrix2 a) {
        for (double rho : new double[] {0.1, 0.5, 1.7, 3.0, 10.0}) {
            assertEquals(Math.pow(a.determinant(), rho), a.power(rho).determinant(), 1e-9);
        }
    }

    @ParameterizedTest
    @MethodSource("matrices")
    void powerSumSatisfiesItsDefiningIdentityWithoutInverting(Matrix2 a) {
        for (double rho : new double[] {0.5, 1.5, 2.5, 7.3}) {
            // g(A) (A - I) = A^rho - I
            Matrix2 lhs = a.powerSum(rho).times(a.minus(Matrix2.IDENTITY));
            assertClose(a.power(rho).minus(Matrix2.IDENTITY), lhs, 1e-7);
        }
    }

    @Test
    void adLifDeterminantIsAlphaBeta() {
        NeuronStateSpace n = PublishedNeurons.adLif(0.9, 0.97, 0.4, 1.2);
        assertEquals(0.9 * 0.97, n.a().determinant(), 1e-12);
        assertEquals(Math.pow(0.9 * 0.97, 0.5), n.a().power(0.5).determinant(), 1e-12);
    }

    @Test
    void powerSumAtAnEigenvalueOfOneIsFinite() {
        // LIF's placeholder state has eigenvalue exactly 1: A - I is singular
        Matrix2 g = PublishedNeurons.lif(0.9).a().powerSum(0.5);
        assertEquals(0.5, g.m11(), 1e-12);
        assertEquals((1 - Math.sqrt(0.9)) / (1 - 0.9), g.m00(), 1e-9);
    }
}
