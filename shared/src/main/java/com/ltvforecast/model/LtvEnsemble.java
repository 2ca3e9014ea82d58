package com.ltvforecast.model;

import com.ltvforecast.forward.NetworkWeights;
import com.ltvforecast.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The served model: the average of networks trained with different seeds. Averaging removes most of
 * the seed-to-seed spread of a single network (on CDNOW a single seed moves spend RMSE by about
 * 2%), which is what the promotion gate compares against BG/NBD.
 *
 * <p>Thread-safety: {@link #predict} may be called concurrently; see {@link StackedForward}.
 */
public final class LtvEnsemble implements AutoCloseable {

  static final String ENSEMBLE_FILE = "ensemble.json";

  /**
   * Rows per stacked forward pass: small enough for the activations to stay in cache, large enough
   * to amortise the per-call cost (measured best among 512 to 4,096 for 5 members of 64-32 units).
   */
  static final int PREDICT_CHUNK = 1_024;

  private final List<LtvModel> members;
  private final NetworkWeights weights;
  private final StackedForward stacked;
  private volatile boolean closed;

  public LtvEnsemble(List<LtvModel> members) {
    if (members.isEmpty()) {
      throw new ModelException("an ensemble needs at least one member");
    }
    ModelSpec first = members.get(0).spec();
    for (LtvModel member : members) {
      if (!member.spec().inputNames().equals(first.inputNames())
          || member.spec().horizonDays() != first.horizonDays()) {
        throw new ModelException("ensemble members disagree on inputs or horizon");
      }
    }
    this.members = List.copyOf(members);
    this.weights = new NetworkWeights(this.members.stream().map(LtvModel::weights).toList());
    this.stacked = StackedForward.of(weights);
  }

  /** An ensemble and how long each member trained. */
  public record Trained(LtvEnsemble ensemble, List<Integer> epochsRun, List<Integer> bestEpochs) {}

  /**
   * Trains {@code size} members with seeds {@code options.seed()}, {@code +1}, ... and averages
   * them.
   */
  public static Trained train(
      int size,
      TrainingOptions options,
      EpochListener progress,
      List<String> inputNames,
      int horizonDays,
      TrainingData train,
      TrainingData earlyStopping) {
    return train(
        size,
        Duration.ofDays(365),
        options,
        progress,
        inputNames,
        horizonDays,
        train,
        earlyStopping);
  }

  /**
   * As above, within a time budget: each member gets an equal share of what is left, and members
   * that would start after the budget is spent are skipped, so the ensemble may be smaller than
   * {@code size} but always has at least one member.
   */
  public static Trained train(
      int size,
      Duration budget,
      TrainingOptions options,
      EpochListener progress,
      List<String> inputNames,
      int horizonDays,
      TrainingData train,
      TrainingData earlyStopping) {
    long end = System.nanoTime() + budget.toNanos();
    List<LtvModel> members = new ArrayList<>();
    List<Integer> epochsRun = new ArrayList<>();
    List<Integer> bestEpochs = new ArrayList<>();
    try {
      for (int s = 0; s < size; s++) {
        long left = end - System.nanoTime();
        if (s > 0 && left <= 0) {
          break;
        }
        long memberDeadline = System.nanoTime() + Math.max(left, 0) / (size - s);
        int member = s + 1;
        EpochListener memberProgress = epoch -> progress.onEpoch(epoch.ofMember(member, size));
        TrainingResult result =
            new ModelTrainer(options.withSeed(options.seed() + s), memberProgress, memberDeadline)
                .train(inputNames, horizonDays, train, earlyStopping);
        members.add(result.model());
        epochsRun.add(result.epochsRun());
        bestEpochs.add(result.bestEpoch());
      }
    } catch (RuntimeException e) {
      members.forEach(LtvModel::close);
      throw e;
    }
    return new Trained(new LtvEnsemble(members), epochsRun, bestEpochs);
  }

  public ModelSpec spec() {
    return members.get(0).spec();
  }

  public int size() {
    return members.size();
  }

  /** The members' average for each input row, laid out as {@link ModelSpec#inputNames()}. */
  public Predictions predict(double[][] rows) {
    return predict(rows, UnaryOperator.identity());
  }

  /**
   * The members' average for the input row that {@code toRow} builds from each item, through {@link
   * StackedForward}. Batches of several chunks are scored on the common fork-join pool, one chunk
   * per task; each task builds its own chunk's rows, so a costly {@code toRow} runs in parallel too
   * and its rows are scored while still in cache.
   */
  public Predictions predict(double[][] items, UnaryOperator<double[]> toRow) {
    if (closed) {
      throw new ModelException("model is closed");
    }
    int n = items.length;
    double[] spend = new double[n];
    double[] churn = new double[n];
    int chunks = (n + PREDICT_CHUNK - 1) / PREDICT_CHUNK;
    IntStream tasks = IntStream.range(0, chunks);
    (chunks > 1 ? tasks.parallel() : tasks)
        .forEach(
            c -> {
              int from = c * PREDICT_CHUNK;
              double[][] rows = new double[Math.min(n, from + PREDICT_CHUNK) - from][];
              for (int i = 0; i < rows.length; i++) {
                rows[i] = toRow.apply(items[from + i]);
              }
              stacked.predict(rows, from, spend, churn);
            });
    return new Predictions(spend, churn);
  }

  public Prediction predict(double[] features) {
    return predict(new double[][] {features}).get(0);
  }

  /**
   * The one description of this ensemble that every forward pass runs from (saved as {@link
   * NetworkWeights#FILE}).
   */
  public NetworkWeights weights() {
    return weights;
  }

  /**
   * Member {@code k}'s own DJL forward pass (its block, not the stacked one): the reference of
   * parity checks.
   */
  public Predictions member(int k, double[][] rows) {
    return members.get(k).predict(rows);
  }

  /**
   * Writes {@code ensemble.json}, one {@code member-i/} directory per member (the DJL parameters),
   * and {@link NetworkWeights#FILE}, the plain description the API serves from without DJL.
   */
  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < members.size(); i++) {
        members.get(i).save(dir.resolve("member-" + i));
      }
      weights.save(dir);
      Files.write(dir.resolve(ENSEMBLE_FILE), Json.bytes(Map.of("members", members.size())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save ensemble to " + dir, e);
    }
  }

  public static LtvEnsemble load(Path dir) {
    int size;
    try {
      size =
          Json.MAPPER
              .readTree(Files.readAllBytes(dir.resolve(ENSEMBLE_FILE)))
              .path("members")
              .asInt(0);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + dir.resolve(ENSEMBLE_FILE), e);
    }
    if (size < 1 || size > 100) {
      throw new ModelLoadException("ensemble.json names " + size + " members", null);
    }
    List<LtvModel> members = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        members.add(LtvModel.load(dir.resolve("member-" + i)));
      }
    } catch (RuntimeException e) {
      members.forEach(LtvModel::close);
      throw e;
    }
    LtvEnsemble ensemble = new LtvEnsemble(members);
    if (NetworkWeights.isIn(dir) && !NetworkWeights.load(dir).equals(ensemble.weights)) {
      ensemble.close();
      throw new ModelLoadException(
          NetworkWeights.FILE + " in " + dir + " differs from the members' parameters", null);
    }
    return ensemble;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stacked.close();
    members.forEach(LtvModel::close);
  }
}
