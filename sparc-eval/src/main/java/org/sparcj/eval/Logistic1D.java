package org.sparcj.eval;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.FastMath;

/**
 * One-feature logistic regression p = sigmoid(w x + b), fitted by Newton's method (with step
 * halving) on sum_i logloss_i + 0.5 * l2 * w^2: the intercept is not penalised, as in
 * scikit-learn's LogisticRegression, whose default C = 1 is l2 = 1. The penalty keeps the fit
 * finite when the feature separates the classes.
 *
 * @param w weight
 * @param b intercept
 */
public record Logistic1D(double w, double b) {
    /** Probabilities are clipped to [EPS, 1 - EPS] in the log-loss, as scikit-learn's log_loss does. */
    public static final double EPS = 1e-15;

    public static Logistic1D fit(double[] x, boolean[] y, double l2) {
        if (x.length != y.length || x.length == 0)
            throw new IllegalArgumentException("logistic fit: " + x.length + " features and " + y.length + " labels");
        // Probe features are sparse (a latent fires on few samples): samples with x = 0 only differ
        // by label, so they are kept as two counts and the sums run over the non-zero samples.
        Data d = new Data(x, y);
        double w = 0, b = 0;
        double loss = d.objective(l2, w, b);
        for (int iter = 0; iter < 100; iter++) {
            double p0 = sigmoid(b);
            double gw = l2 * w, gb = d.zeroPos * (p0 - 1) + d.zeroNeg * p0;
            double hww = l2, hwb = 0, hbb = (d.zeroPos + d.zeroNeg) * p0 * (1 - p0);
            for (int i = 0; i < d.x.length; i++) {
                double p = sigmoid(w * d.x[i] + b);
                double r = p - (d.y[i] ? 1 : 0);
                double v = p * (1 - p);
                gw += r * d.x[i];
                gb += r;
                hww += v * d.x[i] * d.x[i];
                hwb += v * d.x[i];
                hbb += v;
            }
            RealVector step;
            try {
                step = new LUDecomposition(new Array2DRowRealMatrix(new double[][] {{hww, hwb}, {hwb, hbb}}))
                        .getSolver().solve(new ArrayRealVector(new double[] {gw, gb}));
            } catch (RuntimeException singular) {
                break; // flat curvature: nothing more to gain
            }
            // Newton decrement: the predicted loss decrease; tiny means converged
            if (gw * step.getEntry(0) + gb * step.getEntry(1) < 1e-14 * Math.max(1, loss)) break;
            double t = 1;
            double nw = w, nb = b, nloss = loss;
            for (int h = 0; h < 40; h++) {
                nw = w - t * step.getEntry(0);
                nb = b - t * step.getEntry(1);
                nloss = d.objective(l2, nw, nb);
                if (nloss <= loss) break;
                t /= 2;
            }
            if (!(nloss <= loss)) break;
            w = nw;
            b = nb;
            loss = nloss;
        }
        return new Logistic1D(w, b);
    }

    /** Non-zero samples plus the label counts of the zero ones. */
    private static final class Data {
        final double[] x;
        final boolean[] y;
        final int zeroPos;
        final int zeroNeg;

        Data(double[] xs, boolean[] ys) {
            int nz = 0, zp = 0, zn = 0;
            for (int i = 0; i < xs.length; i++) {
                if (xs[i] != 0) nz++;
                else if (ys[i]) zp++;
                else zn++;
            }
            x = new double[nz];
            y = new boolean[nz];
            for (int i = 0, j = 0; i < xs.length; i++) {
                if (xs[i] != 0) {
                    x[j] = xs[i];
                    y[j++] = ys[i];
                }
            }
            zeroPos = zp;
            zeroNeg = zn;
        }

        double objective(double l2, double w, double b) {
            double sum = 0.5 * l2 * w * w + zeroPos * (softplus(b) - b) + zeroNeg * softplus(b);
            for (int i = 0; i < x.length; i++) {
                double z = w * x[i] + b;
                sum += softplus(z) - (y[i] ? z : 0);
            }
            return sum;
        }
    }

    /** log(1 + e^z), computed stably. */
    private static double softplus(double z) {
        return z > 0 ? z + FastMath.log1p(Math.exp(-z)) : FastMath.log1p(Math.exp(z));
    }

    public double probability(double x) {
        return sigmoid(w * x + b);
    }

    /** Mean log-loss (natural log) of this model on (x, y). */
    public double logLoss(double[] x, boolean[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double p = Math.min(1 - EPS, Math.max(EPS, probability(x[i])));
            sum -= y[i] ? Math.log(p) : Math.log(1 - p);
        }
        return sum / x.length;
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
