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
        double w = 0, b = 0;
        double loss = objective(x, y, l2, w, b);
        for (int iter = 0; iter < 100; iter++) {
            double gw = l2 * w, gb = 0, hww = l2, hwb = 0, hbb = 0;
            for (int i = 0; i < x.length; i++) {
                double p = sigmoid(w * x[i] + b);
                double r = p - (y[i] ? 1 : 0);
                double v = p * (1 - p);
                gw += r * x[i];
                gb += r;
                hww += v * x[i] * x[i];
                hwb += v * x[i];
                hbb += v;
            }
            RealVector step;
            try {
                step = new LUDecomposition(new Array2DRowRealMatrix(new double[][] {{hww, hwb}, {hwb, hbb}}))
                        .getSolver().solve(new ArrayRealVector(new double[] {gw, gb}));
            } catch (RuntimeException singular) {
                break; // flat curvature: nothing more to gain
            }
            double t = 1;
            double nw = w, nb = b, nloss = loss;
            for (int h = 0; h < 40; h++) {
                nw = w - t * step.getEntry(0);
                nb = b - t * step.getEntry(1);
                nloss = objective(x, y, l2, nw, nb);
                if (nloss <= loss) break;
                t /= 2;
            }
            if (!(nloss <= loss)) break;
            double change = Math.abs(nw - w) + Math.abs(nb - b);
            w = nw;
            b = nb;
            loss = nloss;
            if (change < 1e-12) break;
        }
        return new Logistic1D(w, b);
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

    private static double objective(double[] x, boolean[] y, double l2, double w, double b) {
        double sum = 0.5 * l2 * w * w;
        for (int i = 0; i < x.length; i++) {
            double z = w * x[i] + b;
            // log(1 + e^z) - y z, computed stably
            sum += (z > 0 ? z + FastMath.log1p(Math.exp(-z)) : FastMath.log1p(Math.exp(z))) - (y[i] ? z : 0);
        }
        return sum;
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
