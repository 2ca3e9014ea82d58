package com.ltvforecast.btyd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.distribution.continuous.BetaDistribution;
import org.hipparchus.special.Gamma;

/**
 * The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting your customers the easy way".
 * Fitting is by maximum likelihood (their eq. 6); the predictions are eq. (10), P(alive) and P(any
 * purchase). All times are in weeks, as in {@link RfmSummary}.
 */
public final class BgNbdModel {

  private static final String[] NAMES = {"r", "alpha", "a", "b"};

  /** Hypergeometric series: stop once a term no longer changes the sum in double precision. */
  private static final double SERIES_EPS = 1e-17;

  private static final int SERIES_MAX_TERMS = 1_000_000;

  private final BgNbdParams params;

  public BgNbdModel(BgNbdParams params) {
    this.params = Objects.requireNonNull(params, "params");
  }

  public BgNbdParams params() {
    return params;
  }

  /**
   * True when the fit ended in the no-dropout (pure NBD) limit: mean dropout probability a/(a+b)
   * below 1e-5.
   */
  public boolean noDropoutLimit() {
    return params.a() / (params.a() + params.b()) < 1e-5;
  }

  /** Fits the model by maximum likelihood. */
  public static BgNbdModel fit(List<RfmSummary> customers) {
    Objects.requireNonNull(customers, "customers");
    int n = customers.size();
    double[] x = new double[n];
    double[] tx = new double[n];
    double[] T = new double[n];
    for (int i = 0; i < n; i++) {
      RfmSummary c = Objects.requireNonNull(customers.get(i), "customer summary");
      x[i] = c.x();
      tx[i] = c.tx();
      T[i] = c.T();
    }
    return fit(x, tx, T);
  }

  /**
   * Fits the model by maximum likelihood on parallel arrays (one entry per customer), the form to
   * use at scale: no record per customer, and identical (x, tx, T) tuples are collapsed first.
   *
   * @throws IllegalArgumentException on invalid or empty input
   * @throws BtydFitException when the fit does not give usable parameters
   */
  public static BgNbdModel fit(double[] x, double[] tx, double[] T) {
    Likelihood ll = new Likelihood(x, tx, T);
    double sumX = 0;
    double sumT = 0;
    for (int i = 0; i < x.length; i++) {
      sumX += x[i];
      sumT += T[i];
    }
    // Start at r = 1 with alpha matching the observed repeat rate r/alpha = sum x / sum T.
    double alpha0 = sumX > 0 ? sumT / sumX : sumT / x.length;
    // Limits that are genuine optima on the boundary, kept at the search bound:
    // - a -> 0 or b -> infinity: no dropout (the pure NBD model, p = a/(a+b) -> 0), when nobody
    // seems to drop out;
    //   P(alive) is 1 to within e^-15 and the forecasts are the NBD's;
    // - r, alpha -> infinity together: every customer buys at the same rate r/alpha (regular
    // buyers, such as
    //   subscriptions), the gamma mixing collapsing to a point;
    // - a, b -> infinity together: every customer has the same dropout probability a/(a+b).
    double[] p =
        LogParameterOptimizer.maximise(
            "BG/NBD",
            NAMES,
            new double[] {1.0, alpha0, 1.0, 1.0},
            theta ->
                -ll.value(
                        Math.exp(theta[0]),
                        Math.exp(theta[1]),
                        Math.exp(theta[2]),
                        Math.exp(theta[3]))
                    / ll.customers,
            new int[] {+1, +1, LogParameterOptimizer.EITHER_BOUND, +1});
    return new BgNbdModel(new BgNbdParams(p[0], p[1], p[2], p[3]));
  }

  /** The total log-likelihood (FHL 2005 eq. 6) of the given customers under {@code params}. */
  public static double logLikelihood(BgNbdParams params, double[] x, double[] tx, double[] T) {
    return new Likelihood(x, tx, T).value(params.r(), params.alpha(), params.a(), params.b());
  }

  /**
   * E[Y(t) | x, tx, T]: expected repeat purchase-days in the next {@code t} weeks (FHL 2005 eq.
   * 10).
   */
  public double expectedTransactions(RfmSummary c, double t) {
    return expectedTransactions(c.x(), c.tx(), c.T(), t);
  }

  /** As {@link #expectedTransactions(RfmSummary, double)}, on primitives for batch scoring. */
  public double expectedTransactions(double x, double tx, double T, double t) {
    RfmSummary.check(x, tx, T, 0);
    requireHorizon(t);
    return conditionalExpectation(x, tx, T, t);
  }

  /**
   * E[X(t)]: expected purchases in the first {@code t} weeks of a new customer (FHL 2005 eq. 9).
   */
  public double expectedTransactionsUnconditional(double t) {
    requireHorizon(t);
    // Eq. 9 is eq. 10 with x = tx = T = 0: nothing observed yet, and alive for sure.
    return conditionalExpectation(0, 0, 0, t);
  }

  /** P(alive | x, tx, T) (FHL 2005, appendix / eq. 13). Always 1 for x = 0, by model structure. */
  public double probabilityAlive(RfmSummary c) {
    return probabilityAlive(c.x(), c.tx(), c.T());
  }

  public double probabilityAlive(double x, double tx, double T) {
    RfmSummary.check(x, tx, T, 0);
    return 1.0 / (1.0 + deathOdds(x, tx, T));
  }

  /**
   * P(Y(t) &gt; 0 | x, tx, T) = P(alive) * (1 - ((alpha+T)/(alpha+T+t))^(r+x)): the customer is
   * alive now and the Poisson process fires at least once within t (dropout during t is ignored;
   * see baseline_bgnbd.json "p_any_definition"). The churn probability is one minus this.
   */
  public double probabilityOfAnyPurchase(RfmSummary c, double t) {
    return probabilityOfAnyPurchase(c.x(), c.tx(), c.T(), t);
  }

  public double probabilityOfAnyPurchase(double x, double tx, double T, double t) {
    RfmSummary.check(x, tx, T, 0);
    requireHorizon(t);
    double alphaT = params.alpha() + T;
    // 1 - (alphaT/(alphaT+t))^(r+x) via expm1/log1p: exact for small t where the two terms nearly
    // cancel.
    double pPurchaseIfAlive = -Math.expm1((params.r() + x) * Math.log1p(-t / (alphaT + t)));
    return pPurchaseIfAlive / (1.0 + deathOdds(x, tx, T));
  }

  /**
   * δ_{x>0} a/(b+x-1) ((alpha+T)/(alpha+tx))^(r+x): the odds that the customer has already dropped
   * out.
   */
  private double deathOdds(double x, double tx, double T) {
    if (x == 0) {
      return 0.0;
    }
    double r = params.r();
    double alpha = params.alpha();
    double a = params.a();
    double b = params.b();
    return Math.exp(
        Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
  }

  /**
   * Eq. 10 rewritten for stability. With z = t/(alpha+T+t), s = a-1, c = a+b+x-1, Euler's
   * transformation 2F1(r+x, b+x; c; z) = (1-z)^(s-r-x) 2F1(c-r-x, s; c; z) turns the numerator into
   * (c/s) [1 - (1-z)^s 2F1(a+b-1-r, s; c; z)]. The new series has small numerator parameters, so it
   * neither overflows nor needs many terms for large x; expanding it as 1 + s G and (1-z)^s as 1 +
   * expm1(s ln(1-z)) cancels the 1/s exactly, so a near 1 and small t lose no precision: numerator
   * = c [-expm1(s L)/s - G (1-z)^s], L = ln(1-z).
   */
  private double conditionalExpectation(double x, double tx, double T, double t) {
    if (t == 0) {
      return 0.0;
    }
    return conditionalExpectation(x, tx, T, t, aliveNumerator(x, T, t));
  }

  /** Eq. 10 from its numerator ({@link #aliveNumerator}), with the quadrature fallback. */
  private double conditionalExpectation(double x, double tx, double T, double t, double numerator) {
    double result = numerator / (1.0 + deathOdds(x, tx, T));
    if (!Double.isFinite(result)) {
      // Large a and b (dropout nearly the same for everyone) make the series' terms overflow before
      // they fall.
      result = conditionalExpectationByQuadrature(x, tx, T, t);
    }
    if (!Double.isFinite(result)) {
      throw new ArithmeticException(
          "BG/NBD expected transactions not finite for x="
              + x
              + ", tx="
              + tx
              + ", T="
              + T
              + ", t="
              + t
              + " with "
              + params);
    }
    return result;
  }

  /**
   * The numerator of eq. 10 as rewritten in {@link #conditionalExpectation(double, double, double,
   * double)}: it depends on x, T and t only (not on tx), which {@link Horizon} memoises.
   */
  private double aliveNumerator(double x, double T, double t) {
    double r = params.r();
    double alpha = params.alpha();
    double a = params.a();
    double b = params.b();
    double s = a - 1;
    double c = a + b + x - 1;
    double z = t / (alpha + T + t);
    double logOneMinusZ = Math.log1p(-z);
    double e1 = Math.expm1(s * logOneMinusZ);
    double e1OverS = s == 0 ? logOneMinusZ : e1 / s;
    double g = seriesG(a + b - 1 - r, s, c, z);
    return c * (-e1OverS - g * (1 + e1));
  }

  /**
   * Scoring at one horizon, with the costly part of eq. 10 (the hypergeometric series, which
   * depends on x and T only) memoised per (x, T) for whole x below {@value Horizon#MAX_X} and T a
   * whole number of days below {@value Horizon#MAX_DAYS} (as the feature vectors give them): the
   * same numbers as {@link #expectedTransactions(double, double, double, double)}, bit for bit.
   * Thread-safe; memory grows by 32 KB per distinct x seen.
   */
  public Horizon horizon(double t) {
    return new Horizon(t);
  }

  /** See {@link #horizon(double)}. */
  public final class Horizon {

    static final int MAX_X = 512;
    static final int MAX_DAYS = 4_096;

    /** Raw bits of each memoised numerator, 0 (the bits of +0.0, never a numerator here) = none. */
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final double t;
    private final AtomicReferenceArray<long[]> byX = new AtomicReferenceArray<>(MAX_X);

    private Horizon(double t) {
      this.t = t;
    }

    public double weeks() {
      return t;
    }

    /**
     * E[Y(t) | x, tx, T], as {@link BgNbdModel#expectedTransactions(double, double, double,
     * double)}.
     */
    public double expectedTransactions(double x, double tx, double T) {
      RfmSummary.check(x, tx, T, 0);
      requireHorizon(t);
      if (t == 0) {
        return 0.0;
      }
      return conditionalExpectation(x, tx, T, t, numerator(x, T));
    }

    private double numerator(double x, double T) {
      double day = Math.rint(T * 7);
      if (x >= MAX_X || day < 0 || day >= MAX_DAYS || day / 7.0 != T) {
        return aliveNumerator(x, T, t);
      }
      int ix = (int) x;
      long[] slots = byX.get(ix);
      if (slots == null) {
        byX.compareAndSet(ix, null, new long[MAX_DAYS]);
        slots = byX.get(ix);
      }
      long bits = (long) SLOT.getOpaque(slots, (int) day);
      if (bits != 0) {
        return Double.longBitsToDouble(bits);
      }
      double value = aliveNumerator(x, T, t);
      long computed = Double.doubleToRawLongBits(value);
      if (computed != 0) {
        SLOT.setOpaque(slots, (int) day, computed);
      }
      return value;
    }
  }

  /**
   * Eq. 10 by its derivation instead of its closed form: alive at T, a customer with rate lambda
   * and dropout probability p makes (1 - e^(-lambda p t)) / p purchases in expectation over the
   * next t (the count stops at the purchase after which they drop out). Given the history, lambda ~
   * Gamma(r+x, alpha+T) and p ~ Beta(a, b+x), so E[Y | alive] = E_p[(1 - ((alpha+T)/(alpha+T+p
   * t))^(r+x)) / p], one smooth bounded integral over p, taken with Gauss-Legendre nodes in the
   * Beta's probability scale (so a Beta concentrated near one value is resolved), then times
   * P(alive). Slower than the series; used where the series overflows.
   */
  double conditionalExpectationByQuadrature(double x, double tx, double T, double t) {
    double r = params.r();
    double alphaT = params.alpha() + T;
    BetaDistribution dropout = new BetaDistribution(params.a(), params.b() + x);
    // (1 - (alphaT/(alphaT + p t))^(r+x)) / p, exact as p -> 0 (where it tends to (r+x) t / alphaT)
    double aliveMean =
        QUADRATURE.integrate(
            u -> {
              double p = dropout.inverseCumulativeProbability(u);
              return p <= 0
                  ? (r + x) * t / alphaT
                  : -Math.expm1(-(r + x) * Math.log1p(p * t / alphaT)) / p;
            });
    return aliveMean / (1.0 + deathOdds(x, tx, T));
  }

  private static final GaussIntegrator QUADRATURE = new GaussIntegratorFactory().legendre(24, 0, 1);

  /**
   * G = sum_{k>=1} (s+1)_{k-1} (p)_k / ((c)_k k!) z^k, so that 2F1(p, s; c; z) = 1 + s G. The term
   * ratio (s+k)(p+k)/((c+k)(k+1)) z tends to z &lt; 1, so the tail is bounded by a geometric
   * series.
   */
  private static double seriesG(double p, double s, double c, double z) {
    double term = p / c * z;
    double sum = term;
    for (int k = 1; k < SERIES_MAX_TERMS; k++) {
      double ratio = (s + k) * (p + k) / ((c + k) * (k + 1)) * z;
      term *= ratio;
      sum += term;
      if (Math.abs(ratio) < 1
          && Math.abs(term) <= SERIES_EPS * Math.abs(sum) * (1 - Math.abs(ratio))) {
        return sum;
      }
      if (term == 0) {
        return sum;
      }
    }
    throw new ArithmeticException(
        "hypergeometric series did not converge in "
            + SERIES_MAX_TERMS
            + " terms (z="
            + z
            + "): the horizon is too long relative to alpha+T");
  }

  private static void requireHorizon(double t) {
    if (!Double.isFinite(t) || t < 0) {
      throw new IllegalArgumentException("horizon t (weeks) must be finite and >= 0, got " + t);
    }
  }

  /**
   * The BG/NBD log-likelihood over customers collapsed to distinct (x, tx, T) tuples with counts.
   * Terms that depend only on x, tx or T are computed once per distinct value per evaluation, so
   * one evaluation costs about one exp and one log per distinct tuple.
   */
  static final class Likelihood {
    final int customers;
    private final double[] xs; // distinct x values
    private final double[] txs; // distinct tx values
    private final double[] ts; // distinct T values
    private final int[] ix; // per tuple: index into xs
    private final int[] itx; // per tuple: index into txs
    private final int[] iT; // per tuple: index into ts
    private final double[] weight; // per tuple: number of customers
    private final double[] sumWeightByX;

    Likelihood(double[] x, double[] tx, double[] T) {
      Objects.requireNonNull(x, "x");
      Objects.requireNonNull(tx, "tx");
      Objects.requireNonNull(T, "T");
      if (x.length != tx.length || x.length != T.length) {
        throw new IllegalArgumentException(
            "x, tx and T must have the same length, got "
                + x.length
                + ", "
                + tx.length
                + ", "
                + T.length);
      }
      if (x.length == 0) {
        throw new IllegalArgumentException("cannot fit BG/NBD on zero customers");
      }
      for (int i = 0; i < x.length; i++) {
        try {
          RfmSummary.check(x[i], tx[i], T[i], 0);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("customer #" + i + ": " + e.getMessage(), e);
        }
      }
      customers = x.length;
      xs = distinct(x);
      txs = distinct(tx);
      ts = distinct(T);
      long nTx = txs.length;
      long nT = ts.length;
      long[] keys = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        // "+ 0.0" maps -0.0 to 0.0: Arrays.sort/binarySearch tell them apart, == does not.
        keys[i] =
            (Arrays.binarySearch(xs, x[i] + 0.0) * nTx + Arrays.binarySearch(txs, tx[i] + 0.0)) * nT
                + Arrays.binarySearch(ts, T[i] + 0.0);
      }
      Arrays.sort(keys);
      int tuples = 0;
      for (int i = 0; i < keys.length; i++) {
        if (i == 0 || keys[i] != keys[i - 1]) {
          tuples++;
        }
      }
      ix = new int[tuples];
      itx = new int[tuples];
      iT = new int[tuples];
      weight = new double[tuples];
      sumWeightByX = new double[xs.length];
      int j = -1;
      for (int i = 0; i < keys.length; i++) {
        if (i == 0 || keys[i] != keys[i - 1]) {
          j++;
          long k = keys[i];
          iT[j] = (int) (k % nT);
          itx[j] = (int) ((k / nT) % nTx);
          ix[j] = (int) (k / nT / nTx);
        }
        weight[j]++;
        sumWeightByX[ix[j]]++;
      }
    }

    int tuples() {
      return weight.length;
    }

    double value(double r, double alpha, double a, double b) {
      double logA = Math.log(a);
      double lnGammaR = Gamma.logGamma(r);
      double lnGammaB = Gamma.logGamma(b);
      double lnGammaAB = Gamma.logGamma(a + b);
      double rLogAlpha = r * Math.log(alpha);
      // Everything in eq. 6 outside the final log, which depends on x only; summed via counts per
      // x.
      double total = 0;
      double[] logDeadOdds = new double[xs.length];
      for (int k = 0; k < xs.length; k++) {
        double xv = xs[k];
        double cx =
            Gamma.logGamma(r + xv)
                - lnGammaR
                + rLogAlpha
                + lnGammaAB
                + Gamma.logGamma(b + xv)
                - lnGammaB
                - Gamma.logGamma(a + b + xv);
        total += sumWeightByX[k] * cx;
        logDeadOdds[k] = xv > 0 ? logA - Math.log(b + xv - 1) : Double.NaN;
      }
      double[] logAlphaTx = new double[txs.length];
      for (int k = 0; k < txs.length; k++) {
        logAlphaTx[k] = Math.log(alpha + txs[k]);
      }
      double[] logAlphaT = new double[ts.length];
      for (int k = 0; k < ts.length; k++) {
        logAlphaT[k] = Math.log(alpha + ts[k]);
      }
      // ln[(alpha+T)^-(r+x) + δ_{x>0} a/(b+x-1) (alpha+tx)^-(r+x)] as a log-sum-exp of the two
      // logs.
      for (int j = 0; j < weight.length; j++) {
        double xv = xs[ix[j]];
        double rx = r + xv;
        double l1 = -rx * logAlphaT[iT[j]];
        double term;
        if (xv > 0) {
          double l2 = logDeadOdds[ix[j]] - rx * logAlphaTx[itx[j]];
          double hi = Math.max(l1, l2);
          term = hi + Math.log1p(Math.exp(Math.min(l1, l2) - hi));
        } else {
          term = l1;
        }
        total += weight[j] * term;
      }
      return total;
    }

    private static double[] distinct(double[] values) {
      double[] sorted = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        sorted[i] = values[i] + 0.0;
      }
      Arrays.sort(sorted);
      int n = 0;
      for (int i = 0; i < sorted.length; i++) {
        if (i == 0 || sorted[i] != sorted[i - 1]) {
          sorted[n++] = sorted[i];
        }
      }
      return Arrays.copyOf(sorted, n);
    }
  }
}
