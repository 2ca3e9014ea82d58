package com.ltvforecast.forecast;

import com.ltvforecast.features.ModelInputs;
import com.ltvforecast.model.LtvEnsemble;
import com.ltvforecast.model.LtvModel;
import com.ltvforecast.model.ModelTrainer;
import com.ltvforecast.model.TrainingData;
import com.ltvforecast.model.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The DJL network as an ensemble cross-fitted over the selection folds: member k fits on the folds
 * other than k and k+1, early-stops on fold k+1 (so every member watches its own slice) and predicts
 * fold k, which it never saw. The out-of-fold predictions cost nothing beyond training the ensemble:
 * fold k is scored by the mean of members k and k-1, the two that never fitted on it (member k-1 only
 * early-stopped on it); a two-member mean is if anything pessimistic for the K-member ensemble. The
 * BG/NBD inputs use one BG/NBD fit on all the rows (six parameters; a negligible leak into the
 * out-of-fold rows).
 */
public final class NetworkCandidate implements Candidate {

  public static final String NAME = "network";
  /** Folds when fitted without given folds (by row index). */
  static final int DEFAULT_FOLDS = 5;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String kind() {
    return NetworkForecaster.KIND;
  }

  @Override
  public Forecaster load(Path dir) {
    return NetworkForecaster.load(dir);
  }

  @Override
  public Forecaster fit(FitData data, FitContext context) {
    int[] fold = new int[data.size()];
    for (int i = 0; i < fold.length; i++) {
      fold[i] = i % DEFAULT_FOLDS;
    }
    return crossFit(data, fold, DEFAULT_FOLDS, context).model();
  }

  @Override
  public CrossFit crossFit(FitData data, int[] fold, int folds, FitContext context) {
    if (folds < 3) {
      throw new IllegalArgumentException("the network needs at least 3 folds, got " + folds);
    }
    BtydForecaster btyd = new BtydCandidate().fit(data, context);
    ModelInputs inputs = btyd.inputs();
    int n = data.size();
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = inputs.row(data.features()[i]);
    }
    double[] oofSpend = new double[n];
    double[] oofChurn = new double[n];
    long end = System.nanoTime() + context.budget().toNanos();
    List<LtvModel> members = new ArrayList<>();
    try {
      for (int k = 0; k < folds; k++) {
        int held = k;
        int stop = (k + 1) % folds;
        int[] fitRows = FitData.indices(n, i -> fold[i] != held && fold[i] != stop);
        int[] stopRows = FitData.indices(n, i -> fold[i] == stop);
        if (fitRows.length == 0 || stopRows.length == 0) {
          throw new IllegalArgumentException("fold " + k + " leaves no rows to fit or to early-stop on");
        }
        long left = end - System.nanoTime();
        long deadline = System.nanoTime() + Math.max(left, 0) / (folds - k);
        TrainingResult result = new ModelTrainer(context.options().withSeed(context.seed() + k), context.progress(),
            deadline).train(ModelInputs.names(), context.horizonDays(), data(rows, data, fitRows),
            data(rows, data, stopRows));
        members.add(result.model());
      }
      // Out of fold: fold k is scored by the two members that never fitted on it, member k (which holds it
      // out) and member k-1 (which only early-stopped on it): a two-member average, less noisy than one seed.
      for (int k = 0; k < folds; k++) {
        int held = k;
        int[] heldRows = FitData.indices(n, i -> fold[i] == held);
        if (heldRows.length == 0) {
          continue;
        }
        double[][] x = new double[heldRows.length][];
        for (int j = 0; j < heldRows.length; j++) {
          x[j] = rows[heldRows[j]];
        }
        com.ltvforecast.model.Predictions a = members.get(k).predict(x);
        com.ltvforecast.model.Predictions b = members.get((k + folds - 1) % folds).predict(x);
        for (int j = 0; j < heldRows.length; j++) {
          oofSpend[heldRows[j]] = (a.spend()[j] + b.spend()[j]) / 2;
          oofChurn[heldRows[j]] = (a.churnProbability()[j] + b.churnProbability()[j]) / 2;
        }
      }
    } catch (RuntimeException e) {
      members.forEach(LtvModel::close);
      throw e;
    }
    return new CrossFit(new NetworkForecaster(new LtvEnsemble(members), btyd), oofSpend, oofChurn);
  }

  private static TrainingData data(double[][] rows, FitData data, int[] idx) {
    double[][] x = new double[idx.length][];
    double[] s = new double[idx.length];
    boolean[] c = new boolean[idx.length];
    for (int j = 0; j < idx.length; j++) {
      x[j] = rows[idx[j]];
      s[j] = data.spend()[idx[j]];
      c[j] = data.churned()[idx[j]];
    }
    return new TrainingData(x, s, c);
  }
}
