package com.ltvforecast.btyd;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hipparchus.special.Gamma;

/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie &amp; Lee 2005, "RFM and CLV"),
 * used with BG/NBD on the assumption that spend is independent of the purchase process. It is
 * fitted on the customers with repeat purchases and a positive mean repeat spend.
 */
public final class GammaGammaModel {

  private static final String[] NAMES = {"p", "q", "gamma"};

  private final GammaGammaParams params;

  public GammaGammaModel(GammaGammaParams params) {
    this.params = Objects.requireNonNull(params, "params");
  }

  public GammaGammaParams params() {
    return params;
  }

  /**
   * Fits by maximum likelihood on the customers with {@code x > 0} and {@code mx > 0}; the others
   * carry no information about spend variation (mx = 0 has zero density under a Gamma) and are
   * skipped.
   */
  public static GammaGammaModel fit(List<RfmSummary> customers) {
    Objects.requireNonNull(customers, "customers");
    int n = customers.size();
    double[] x = new double[n];
    double[] mx = new double[n];
    for (int i = 0; i < n; i++) {
      RfmSummary c = Objects.requireNonNull(customers.get(i), "customer summary");
      x[i] = c.x();
      mx[i] = c.mx();
    }
    return fit(x, mx);
  }

  /**
   * As {@link #fit(List)}, on parallel arrays of repeat purchase-days and mean repeat spend.
   *
   * @throws IllegalArgumentException on invalid input, or when no customer has x &gt; 0 and mx &gt;
   *     0
   * @throws BtydFitException when the fit does not give usable parameters (including q &lt;= 1)
   */
  public static GammaGammaModel fit(double[] x, double[] mx) {
    Likelihood ll = new Likelihood(x, mx);
    // Start at p = q = 2, where gamma = mean(mx) makes the population mean gamma p/(q-1) twice the
    // observed mean: the right order of magnitude, which is all BOBYQA's trust region needs.
    double gamma0 = ll.meanSpend;
    double[] p =
        LogParameterOptimizer.maximise(
            "Gamma-Gamma",
            NAMES,
            new double[] {2.0, 2.0, gamma0},
            theta ->
                -ll.value(Math.exp(theta[0]), Math.exp(theta[1]), Math.exp(theta[2]))
                    / ll.customers,
            // p -> infinity: each customer spends the same every time; q, gamma -> infinity
            // together: every customer
            // has the same mean spend. Both are limits on the boundary, kept at the search bound.
            new int[] {+1, +1, +1});
    if (!(p[1] > 1)) {
      throw new BtydFitException(
          "Gamma-Gamma fit gave q = "
              + p[1]
              + " <= 1: the population mean spend is infinite, so the fit is unusable");
    }
    return new GammaGammaModel(new GammaGammaParams(p[0], p[1], p[2]));
  }

  /** The total log-likelihood of the fit customers (x &gt; 0, mx &gt; 0) under {@code params}. */
  public static double logLikelihood(GammaGammaParams params, double[] x, double[] mx) {
    return new Likelihood(x, mx).value(params.p(), params.q(), params.gamma());
  }

  /**
   * E[M | x, mx]: the expected spend per future transaction. For x &gt; 0 it is (gamma + mx x) p /
   * (p x + q - 1), a weighted mean of the population mean and the customer's own mean; for x = 0 it
   * is the population mean gamma p / (q - 1), since the first purchase is excluded from mx.
   */
  public double expectedSpendPerTransaction(RfmSummary c) {
    return expectedSpendPerTransaction(c.x(), c.mx());
  }

  public double expectedSpendPerTransaction(double x, double mx) {
    checkSpend(x, mx);
    if (x == 0) {
      return populationMeanSpend();
    }
    double p = params.p();
    return (params.gamma() + mx * x) * p / (p * x + params.q() - 1);
  }

  /** gamma p / (q - 1): the mean spend per transaction across the population. */
  public double populationMeanSpend() {
    return params.gamma() * params.p() / (params.q() - 1);
  }

  private static void checkSpend(double x, double mx) {
    if (!Double.isFinite(x) || x < 0 || x != Math.rint(x)) {
      throw new IllegalArgumentException(
          "x (repeat purchase-days) must be a finite whole number >= 0, got " + x);
    }
    if (!Double.isFinite(mx) || mx < 0) {
      throw new IllegalArgumentException(
          "mx (mean repeat spend) must be finite and >= 0, got " + mx);
    }
  }

  /**
   * Sum over fit customers of ln f(mx | x): lnΓ(px+q) - lnΓ(px) - lnΓ(q) + q ln γ + (px-1) ln mx +
   * px ln x - (px+q) ln(x mx + γ). The parameter-free sums are precomputed, leaving one log per
   * customer.
   */
  static final class Likelihood {
    final int customers;
    final double meanSpend;
    private final double[] xs; // distinct x values
    private final int[] ix; // per customer: index into xs
    private final double[] x; // per customer
    private final double[] totalSpend; // per customer: x * mx
    private final double sumXLogMx;
    private final double sumLogMx;
    private final double sumXLogX;

    Likelihood(double[] xAll, double[] mxAll) {
      Objects.requireNonNull(xAll, "x");
      Objects.requireNonNull(mxAll, "mx");
      if (xAll.length != mxAll.length) {
        throw new IllegalArgumentException(
            "x and mx must have the same length, got " + xAll.length + " and " + mxAll.length);
      }
      int n = 0;
      for (int i = 0; i < xAll.length; i++) {
        try {
          checkSpend(xAll[i], mxAll[i]);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("customer #" + i + ": " + e.getMessage(), e);
        }
        if (xAll[i] > 0 && mxAll[i] > 0) {
          n++;
        }
      }
      if (n == 0) {
        throw new IllegalArgumentException(
            "cannot fit Gamma-Gamma: no customer has x > 0 and mx > 0");
      }
      customers = n;
      x = new double[n];
      totalSpend = new double[n];
      double sxlm = 0;
      double slm = 0;
      double sxlx = 0;
      double sm = 0;
      int j = 0;
      for (int i = 0; i < xAll.length; i++) {
        if (xAll[i] > 0 && mxAll[i] > 0) {
          double xi = xAll[i];
          double mi = mxAll[i];
          x[j] = xi;
          totalSpend[j] = xi * mi;
          sxlm += xi * Math.log(mi);
          slm += Math.log(mi);
          sxlx += xi * Math.log(xi);
          sm += mi;
          j++;
        }
      }
      sumXLogMx = sxlm;
      sumLogMx = slm;
      sumXLogX = sxlx;
      meanSpend = sm / n;
      xs = Arrays.stream(x).distinct().sorted().toArray();
      ix = new int[n];
      for (int i = 0; i < n; i++) {
        ix[i] = Arrays.binarySearch(xs, x[i]);
      }
    }

    double value(double p, double q, double gamma) {
      double total =
          customers * (q * Math.log(gamma) - Gamma.logGamma(q))
              + p * sumXLogMx
              - sumLogMx
              + p * sumXLogX;
      // lnΓ(px+q) - lnΓ(px) depends on x only: once per distinct x, not per customer.
      double[] gammaTerm = new double[xs.length];
      for (int k = 0; k < xs.length; k++) {
        gammaTerm[k] = Gamma.logGamma(p * xs[k] + q) - Gamma.logGamma(p * xs[k]);
      }
      for (int i = 0; i < x.length; i++) {
        total += gammaTerm[ix[i]] - (p * x[i] + q) * Math.log(totalSpend[i] + gamma);
      }
      return total;
    }
  }
}
