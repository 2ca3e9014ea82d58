package com.ltvforecast.btyd;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximises a log-likelihood over the logarithms of strictly positive parameters.
 *
 * <p>Working on logs keeps every trial point valid without constraints. BOBYQA does the bulk of the
 * work with few likelihood evaluations (each one is a pass over all customers); a Nelder-Mead
 * restart from its optimum then confirms it, since BOBYQA can stop early on a badly scaled
 * quadratic model.
 */
final class LogParameterOptimizer {

  /**
   * Box on log-parameters: e^±15 is far beyond any plausible BTYD parameter in weeks or dollars.
   */
  static final double LOG_BOUND = 15.0;

  private static final double AT_BOUND_MARGIN = 1e-3;
  private static final int MAX_EVALUATIONS = 20_000;

  private LogParameterOptimizer() {}

  /**
   * @param negMeanLogLik the negative mean log-likelihood as a function of log-parameters; must be
   *     finite wherever the parameters are finite and positive
   * @return the maximum-likelihood parameters (not logs)
   */
  static double[] maximise(
      String model, String[] names, double[] initial, ToDoubleFunction<double[]> negMeanLogLik) {
    return maximise(model, names, initial, negMeanLogLik, new int[initial.length]);
  }

  /** Parameter i may end at either search bound: {@code boundaryAllowed[i] = EITHER_BOUND}. */
  static final int EITHER_BOUND = 2;

  /**
   * As above, where {@code boundaryAllowed[i]} is -1 (or +1, or {@link #EITHER_BOUND}) when
   * parameter i may legitimately run to the lower (or upper, or either) search bound: a limit of
   * the model that is a genuine optimum on the boundary (BG/NBD's no-dropout limit, a mixing
   * distribution collapsing to a point). It is then returned at the bound, where the model is that
   * limit to within e^-15, instead of failing the fit.
   */
  static double[] maximise(
      String model,
      String[] names,
      double[] initial,
      ToDoubleFunction<double[]> negMeanLogLik,
      int[] boundaryAllowed) {
    int n = initial.length;
    double[] start = new double[n];
    for (int i = 0; i < n; i++) {
      start[i] = clamp(Math.log(initial[i]), -LOG_BOUND + 1, LOG_BOUND - 1);
    }
    double[] lower = new double[n];
    double[] upper = new double[n];
    Arrays.fill(lower, -LOG_BOUND);
    Arrays.fill(upper, LOG_BOUND);
    ObjectiveFunction objective =
        new ObjectiveFunction(
            theta -> {
              // Nelder-Mead has no bounds: treat the outside of the box as infinitely bad instead
              // of
              // letting exp() overflow into a NaN likelihood.
              for (double t : theta) {
                if (!(Math.abs(t) <= LOG_BOUND)) {
                  return Double.POSITIVE_INFINITY;
                }
              }
              double v = negMeanLogLik.applyAsDouble(theta);
              if (Double.isNaN(v)) {
                throw new BtydFitException(
                    model + " log-likelihood is NaN at log-parameters " + Arrays.toString(theta));
              }
              return v;
            });
    PointValuePair best;
    try {
      PointValuePair bobyqa =
          new BOBYQAOptimizer(2 * n + 1, 0.5, 1e-8)
              .optimize(
                  new MaxEval(MAX_EVALUATIONS),
                  objective,
                  GoalType.MINIMIZE,
                  new InitialGuess(start),
                  new SimpleBounds(lower, upper));
      PointValuePair simplex =
          new SimplexOptimizer(1e-11, 1e-13)
              .optimize(
                  new MaxEval(MAX_EVALUATIONS),
                  objective,
                  GoalType.MINIMIZE,
                  new InitialGuess(bobyqa.getPoint()),
                  new NelderMeadSimplex(n, 0.05));
      best = simplex.getValue() < bobyqa.getValue() ? simplex : bobyqa;
    } catch (MathRuntimeException e) {
      throw new BtydFitException(
          model + " maximum-likelihood fit did not converge: " + e.getMessage(), e);
    }
    double[] theta = best.getPoint();
    if (!Double.isFinite(best.getValue())) {
      throw new BtydFitException(
          model + " fit ended with a non-finite log-likelihood " + (-best.getValue()));
    }
    double[] params = new double[n];
    for (int i = 0; i < n; i++) {
      if (Double.isFinite(theta[i])
          && Math.abs(theta[i]) > LOG_BOUND - AT_BOUND_MARGIN
          && (boundaryAllowed[i] == EITHER_BOUND
              || boundaryAllowed[i] == (int) Math.signum(theta[i]))) {
        params[i] = Math.exp(Math.signum(theta[i]) * Math.min(LOG_BOUND, Math.abs(theta[i])));
        continue;
      }
      if (!Double.isFinite(theta[i]) || Math.abs(theta[i]) > LOG_BOUND - AT_BOUND_MARGIN) {
        throw new BtydFitException(
            model
                + " parameter "
                + names[i]
                + " = "
                + Math.exp(theta[i])
                + " ran to the search bound e^±"
                + LOG_BOUND
                + ": the data do not identify the model");
      }
      params[i] = Math.exp(theta[i]);
    }
    return params;
  }

  private static double clamp(double v, double lo, double hi) {
    return Double.isFinite(v) ? Math.max(lo, Math.min(hi, v)) : 0.0;
  }
}
