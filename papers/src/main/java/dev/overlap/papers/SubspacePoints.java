package dev.overlap.papers;

import java.util.SplittableRandom;

import dev.overlap.ode.TwoLayerGradientFlow;

/**
 * Random points on the affine subspaces of {@link Simsek2021} for a real network (w, a) of width r: a label map
 * π: {1…m} → {0, 1…r} puts copies of w_i on the slots labelled i and splits a_i among them, and gives zero-type
 * slots (label 0) a = 0 and a free w. Also the irreducibility margin that makes (w, a) a genuine width-r network.
 */
final class SubspacePoints {

    private SubspacePoints() {
    }

    /**
     * A random point of the subspace of a label map built on the network (w, a): label-i slots copy w_i and split a_i
     * ({@link #split}), label-0 slots get a = 0 and w ~ N(0, I). A neuron that no slot carries is left out.
     *
     * @return the width-m network
     */
    static TwoLayerGradientFlow.Params pointOn(int[] labels, double[][] w, double[] a, SplittableRandom rng) {
        int m = labels.length;
        double[][] ws = new double[m][];
        double[] as = new double[m];
        for (int i = 1; i <= w.length; i++) {
            int k = 0;
            for (int l : labels) {
                k += l == i ? 1 : 0;
            }
            if (k == 0) {
                continue;
            }
            double[] parts = split(a[i - 1], k, rng);
            int c = 0;
            for (int s = 0; s < m; s++) {
                if (labels[s] == i) {
                    ws[s] = w[i - 1].clone();
                    as[s] = parts[c++];
                }
            }
        }
        for (int s = 0; s < m; s++) {
            if (labels[s] == 0) {
                ws[s] = new double[w[0].length];
                for (int l = 0; l < ws[s].length; l++) {
                    ws[s][l] = rng.nextGaussian();
                }
            }
        }
        return new TwoLayerGradientFlow.Params(ws, as);
    }

    /**
     * Splits {@code total} into k random parts: total (1/k + 0.7 (g_c − ḡ)), g_c ~ N(0, 1), the last part corrected so
     * that they sum to total exactly in floating point.
     *
     * @return the k parts (of order total, signs free)
     */
    static double[] split(double total, int k, SplittableRandom rng) {
        double[] g = new double[k];
        double mean = 0;
        for (int c = 0; c < k; c++) {
            g[c] = rng.nextGaussian();
            mean += g[c] / k;
        }
        double[] out = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            out[c] = total * (1.0 / k + 0.7 * (g[c] - mean));
            sum += out[c];
        }
        out[k - 1] += total - sum;
        return out;
    }

    /**
     * The irreducibility margin of a width-r network: it is reducible (a smaller network computes the same function)
     * if some a_i or w_i vanishes or, for odd σ, two rows coincide up to sign.
     *
     * @return min over |a_i|, |w_i|, |w_i − w_j|, |w_i + w_j|
     */
    static double irreducibility(TwoLayerGradientFlow.Params p) {
        double[][] w = p.w();
        double[] a = p.a();
        double margin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < w.length; i++) {
            margin = Math.min(margin, Math.min(Math.abs(a[i]), norm(w[i])));
            for (int j = i + 1; j < w.length; j++) {
                double[] dm = new double[w[i].length];
                double[] dp = new double[w[i].length];
                for (int l = 0; l < dm.length; l++) {
                    dm[l] = w[i][l] - w[j][l];
                    dp[l] = w[i][l] + w[j][l];
                }
                margin = Math.min(margin, Math.min(norm(dm), norm(dp)));
            }
        }
        return margin;
    }

    /** @return the Euclidean norm |x| */
    static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
