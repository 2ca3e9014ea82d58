package com.ltvforecast.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Trains {@link LtvNetwork} with Adam on mini-batches, early-stopping on validation loss and
 * keeping the best epoch's weights. Seeds are fixed (engine and shuffling), so a run is repeatable
 * on one machine.
 */
public final class ModelTrainer {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelTrainer.class);

  private final TrainingOptions options;
  private final EpochListener listener;
  private final long deadlineNanos;

  public ModelTrainer(TrainingOptions options) {
    this(options, epoch -> {});
  }

  public ModelTrainer(TrainingOptions options, EpochListener listener) {
    this(options, listener, Long.MAX_VALUE);
  }

  /**
   * @param deadlineNanos a {@link System#nanoTime()} after which no new epoch starts; the best
   *     epoch so far is kept, so a run always fits the time it is given (a Lambda invocation ends
   *     at 15 min)
   */
  public ModelTrainer(TrainingOptions options, EpochListener listener, long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
    this.options = Objects.requireNonNull(options, "options");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Trains on {@code train}, early-stopping on {@code validation}.
   *
   * @param inputNames the column names of the feature rows, saved with the model
   * @param horizonDays the horizon H the spend and churn labels were taken over
   * @throws NonFiniteLossException when a loss becomes NaN or infinite before the first epoch
   *     finishes; later, divergence stops the run like early stopping and the best epoch so far is
   *     kept
   */
  public TrainingResult train(
      List<String> inputNames, int horizonDays, TrainingData train, TrainingData validation) {
    if (train.width() != inputNames.size() || validation.width() != inputNames.size()) {
      throw new ModelException(
          "input names ("
              + inputNames.size()
              + ") do not match the data widths: train "
              + train.width()
              + ", validation "
              + validation.width());
    }
    FeatureNormaliser normaliser = FeatureNormaliser.fit(train.features());
    double scale = meanPositive(train.spend());
    ModelSpec spec =
        new ModelSpec(
            ModelSpec.FORMAT_VERSION,
            inputNames,
            horizonDays,
            options.hiddenLayers(),
            options.dropout(),
            normaliser,
            scale);

    EngineDefaults.applyForTraining();
    Engine.getEngine(LtvModel.ENGINE).setRandomSeed(options.seed());
    Model model = LtvModel.newDjlModel(spec);
    try {
      return run(model, spec, train, validation);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private TrainingResult run(
      Model model, ModelSpec spec, TrainingData train, TrainingData validation) {
    int d = spec.inputs();
    float[] trainX = spec.normaliser().apply(train.features(), 0, train.size());
    float[] trainSpend = scaledSpend(train.spend(), spec.spendScale());
    float[] trainChurn = churnLabels(train.churned());
    float[] validX = spec.normaliser().apply(validation.features(), 0, validation.size());
    float[] validSpend = scaledSpend(validation.spend(), spec.spendScale());
    float[] validChurn = churnLabels(validation.churned());

    LtvLoss loss = new LtvLoss(options.tweediePower(), options.churnLossWeight());
    Optimizer adam =
        Optimizer.adam()
            .optLearningRateTracker(Tracker.fixed((float) options.learningRate()))
            .build();
    Random shuffle = new Random(options.seed());
    List<TrainingResult.EpochStats> history = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    byte[] bestParameters = null;

    try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(adam))) {
      trainer.initialize(new Shape(1, d));
      int n = train.size();
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      int epoch;
      String diverged = null;
      for (epoch = 1; epoch <= options.maxEpochs() && diverged == null; epoch++) {
        shuffleInPlace(order, shuffle);
        double lossSum = 0;
        for (int from = 0; from < n && diverged == null; from += options.batchSize()) {
          int to = Math.min(n, from + options.batchSize());
          double batchLoss =
              trainBatch(trainer, order, from, to, d, trainX, trainSpend, trainChurn);
          if (!Double.isFinite(batchLoss)) {
            diverged =
                "training loss is "
                    + batchLoss
                    + " at epoch "
                    + epoch
                    + ", rows "
                    + from
                    + ".."
                    + to;
          }
          lossSum += batchLoss * (to - from);
        }
        if (diverged != null) {
          break;
        }
        double trainLoss = lossSum / n;
        double validationLoss = evaluate(trainer, loss, validX, validSpend, validChurn, d);
        if (!Double.isFinite(validationLoss)) {
          diverged = "validation loss is " + validationLoss + " at epoch " + epoch;
          break;
        }
        history.add(new TrainingResult.EpochStats(epoch, trainLoss, validationLoss));
        listener.onEpoch(
            new EpochListener.Epoch(1, 1, epoch, options.maxEpochs(), trainLoss, validationLoss));
        if (validationLoss < best) {
          best = validationLoss;
          bestEpoch = epoch;
          bestParameters = snapshot(model);
        } else if (epoch - bestEpoch >= options.patience()) {
          break;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
          break;
        }
      }
      if (diverged != null) {
        if (bestParameters == null) {
          throw new NonFiniteLossException(
              diverged
                  + ", before any epoch finished; try a lower learning rate (now "
                  + options.learningRate()
                  + ")");
        }
        // Divergence ends the run as early stopping would: the best epoch so far is kept.
        LOG.atWarn()
            .addKeyValue("seed", options.seed())
            .addKeyValue("best_epoch", bestEpoch)
            .log("{}; keeping the best epoch before it", diverged);
      }
      restore(model, bestParameters);
      return new TrainingResult(
          new LtvModel(model, spec),
          Math.min(epoch, options.maxEpochs()),
          bestEpoch,
          best,
          history);
    }
  }

  private static double trainBatch(
      Trainer trainer,
      int[] order,
      int from,
      int to,
      int d,
      float[] x,
      float[] spend,
      float[] churn) {
    int b = to - from;
    float[] bx = new float[b * d];
    float[] bs = new float[b];
    float[] bc = new float[b];
    for (int i = 0; i < b; i++) {
      int row = order[from + i];
      System.arraycopy(x, row * d, bx, i * d, d);
      bs[i] = spend[row];
      bc[i] = churn[row];
    }
    double value;
    try (NDManager batch = trainer.getManager().newSubManager()) {
      NDList inputs = new NDList(batch.create(bx, new Shape(b, d)));
      NDList labels =
          new NDList(batch.create(bs, new Shape(b, 1)), batch.create(bc, new Shape(b, 1)));
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList predictions = trainer.forward(inputs);
        NDArray lossValue = trainer.getLoss().evaluate(labels, predictions);
        collector.backward(lossValue);
        value = lossValue.getFloat();
      }
      if (Double.isFinite(value)) {
        trainer.step();
      }
    }
    return value;
  }

  private static double evaluate(
      Trainer trainer, LtvLoss loss, float[] x, float[] spend, float[] churn, int d) {
    int n = spend.length;
    try (NDManager batch = trainer.getManager().newSubManager()) {
      NDList predictions = trainer.evaluate(new NDList(batch.create(x, new Shape(n, d))));
      NDList labels =
          new NDList(batch.create(spend, new Shape(n, 1)), batch.create(churn, new Shape(n, 1)));
      return loss.evaluate(labels, predictions).getFloat();
    }
  }

  private static byte[] snapshot(Model model) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        model.getBlock().saveParameters(out);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new ModelException("cannot snapshot parameters", e);
    }
  }

  private static void restore(Model model, byte[] parameters) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
      model.getBlock().loadParameters(model.getNDManager(), in);
    } catch (IOException | ai.djl.MalformedModelException e) {
      throw new ModelException("cannot restore the best parameters", e);
    }
  }

  /**
   * Mean of the positive part of spend: the unit of the spend head (never 0, to avoid a 0 scale).
   */
  static double meanPositive(double[] spend) {
    double sum = 0;
    for (double s : spend) {
      sum += Math.max(0, s);
    }
    double mean = sum / spend.length;
    return mean > 0 ? mean : 1.0;
  }

  /**
   * Spend in units of the scale. Net-negative spend (refunds) is clipped at 0: a deviance needs y
   * >= 0.
   */
  private static float[] scaledSpend(double[] spend, double scale) {
    float[] out = new float[spend.length];
    for (int i = 0; i < spend.length; i++) {
      out[i] = (float) (Math.max(0, spend[i]) / scale);
    }
    return out;
  }

  private static float[] churnLabels(boolean[] churned) {
    float[] out = new float[churned.length];
    for (int i = 0; i < churned.length; i++) {
      out[i] = churned[i] ? 1f : 0f;
    }
    return out;
  }

  private static void shuffleInPlace(int[] order, Random random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
  }
}
