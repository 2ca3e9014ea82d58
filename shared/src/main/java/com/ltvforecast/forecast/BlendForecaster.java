package com.ltvforecast.forecast;

import com.ltvforecast.json.Json;
import com.ltvforecast.model.Predictions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A combination of component forecasters with weights per head: spend = sum w_i spend_i (w_i >= 0;
 * their sum is a calibration factor, not necessarily 1), churn = sum v_i churn_i (convex, so a
 * probability). A per-head choice (say the network's churn with BG/NBD's spend) is the case of
 * one-hot weights. Components are saved in {@code component-i/}, each a forecaster of its own.
 */
public final class BlendForecaster implements Forecaster {

  public static final String KIND = "blend";
  static final String FILE = "blend.json";

  /** The stored form. */
  public record Spec(List<String> components, double[] spendWeights, double[] churnWeights) {}

  private final List<String> names;
  private final List<Forecaster> components;
  private final double[] spendWeights;
  private final double[] churnWeights;

  public BlendForecaster(
      List<String> names,
      List<Forecaster> components,
      double[] spendWeights,
      double[] churnWeights) {
    if (components.isEmpty()
        || names.size() != components.size()
        || spendWeights.length != components.size()
        || churnWeights.length != components.size()) {
      throw new IllegalArgumentException(
          "a blend needs one name and one weight per head for each component");
    }
    for (double w : spendWeights) {
      if (!(w >= 0 && Double.isFinite(w))) {
        throw new IllegalArgumentException("spend weights must be finite and >= 0, got " + w);
      }
    }
    checkConvex(churnWeights);
    this.names = List.copyOf(names);
    this.components = List.copyOf(components);
    this.spendWeights = spendWeights.clone();
    this.churnWeights = churnWeights.clone();
  }

  private static void checkConvex(double[] w) {
    double sum = 0;
    for (double v : w) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("blend weights must lie in [0, 1], got " + v);
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-9) {
      throw new IllegalArgumentException("blend weights must sum to 1, got " + sum);
    }
  }

  public List<String> componentNames() {
    return names;
  }

  public List<Forecaster> components() {
    return components;
  }

  public double[] spendWeights() {
    return spendWeights.clone();
  }

  public double[] churnWeights() {
    return churnWeights.clone();
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public int horizonDays() {
    return components.get(0).horizonDays();
  }

  @Override
  public int networkMembers() {
    return components.stream().mapToInt(Forecaster::networkMembers).sum();
  }

  @Override
  public Predictions predict(double[][] features) {
    int n = features.length;
    double[] spend = new double[n];
    double[] churn = new double[n];
    for (int c = 0; c < components.size(); c++) {
      if (spendWeights[c] == 0 && churnWeights[c] == 0) {
        continue;
      }
      Predictions p = components.get(c).predict(features);
      for (int i = 0; i < n; i++) {
        spend[i] += spendWeights[c] * p.spend()[i];
        churn[i] += churnWeights[c] * p.churnProbability()[i];
      }
    }
    return new Predictions(spend, churn);
  }

  @Override
  public void saveContent(Path dir) {
    try {
      Files.write(dir.resolve(FILE), Json.bytes(new Spec(names, spendWeights, churnWeights)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save " + dir.resolve(FILE), e);
    }
    for (int c = 0; c < components.size(); c++) {
      ForecasterFiles.save(components.get(c), dir.resolve("component-" + c));
    }
  }

  /**
   * Loads a blend whose components {@code componentLoader} reads, each from its own {@code
   * component-i/}.
   */
  public static BlendForecaster load(Path dir, Function<Path, Forecaster> componentLoader) {
    Spec spec;
    try {
      spec = Json.read(Files.readAllBytes(dir.resolve(FILE)), Spec.class);
    } catch (IOException | UncheckedIOException e) {
      throw new ForecasterLoadException("cannot read " + dir.resolve(FILE), e);
    }
    List<Forecaster> loaded = new ArrayList<>();
    try {
      for (int c = 0; c < spec.components().size(); c++) {
        loaded.add(componentLoader.apply(dir.resolve("component-" + c)));
      }
      return new BlendForecaster(
          spec.components(), loaded, spec.spendWeights(), spec.churnWeights());
    } catch (RuntimeException e) {
      loaded.forEach(Forecaster::close);
      throw e;
    }
  }

  @Override
  public void close() {
    components.forEach(Forecaster::close);
  }
}
