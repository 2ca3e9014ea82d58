package com.ltvforecast.precompute;

import com.ltvforecast.drift.BinnedDistribution;
import com.ltvforecast.drift.Psi;
import com.ltvforecast.json.Json;
import com.ltvforecast.storage.ObjectStore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PSI per feature between today's serving features and the training distribution in the model's
 * metadata.
 *
 * <p>Each shard writes its bin counts to {@code monitoring/drift/<as_of>/<model_version>/shards/}.
 * The shard that, after writing its own, lists all N merges them into the run's report {@code
 * monitoring/drift/<as_of>/<model_version>.json}, logs a warning per feature above {@link
 * Psi#WARN_THRESHOLD} and emits one EMF metric per feature. Since every shard lists after its own
 * write, the last writer always sees all N (S3 lists are strongly consistent); two shards may both
 * merge, which writes the same report twice.
 */
public final class DriftMonitor {

  public static final String PREFIX = "monitoring/drift/";

  private final ObjectStore store;

  public DriftMonitor(ObjectStore store) {
    this.store = store;
  }

  /** Bin counts of one shard's serving features, against one model's reference. */
  public static final class Accumulator {
    private final List<String> names;
    private final List<BinnedDistribution> references = new ArrayList<>();
    private final long[][] counts;
    private final int[] columnOf;

    /**
     * @param reference the training distribution per feature; features absent from it are skipped
     */
    public Accumulator(Map<String, BinnedDistribution> reference, List<String> featureNames) {
      this.names = new ArrayList<>();
      List<Integer> columns = new ArrayList<>();
      for (int i = 0; i < featureNames.size(); i++) {
        BinnedDistribution d = reference == null ? null : reference.get(featureNames.get(i));
        if (d != null) {
          names.add(featureNames.get(i));
          references.add(d);
          columns.add(i);
        }
      }
      this.columnOf = columns.stream().mapToInt(Integer::intValue).toArray();
      this.counts = new long[names.size()][];
      for (int j = 0; j < counts.length; j++) {
        counts[j] = new long[references.get(j).bins()];
      }
    }

    public void add(double[] features) {
      for (int j = 0; j < columnOf.length; j++) {
        counts[j][references.get(j).bin(features[columnOf[j]])]++;
      }
    }

    boolean hasReference() {
      return !names.isEmpty();
    }

    Map<String, long[]> counts() {
      Map<String, long[]> map = new LinkedHashMap<>();
      for (int j = 0; j < names.size(); j++) {
        map.put(names.get(j), counts[j].clone());
      }
      return map;
    }

    /** The largest PSI of this shard alone: a shard is a hash sample of the customers. */
    Double maxPsi() {
      Double max = null;
      for (int j = 0; j < names.size(); j++) {
        double psi = Psi.psi(references.get(j), counts[j]);
        max = max == null ? psi : Math.max(max, psi);
      }
      return max;
    }
  }

  /** One shard's counts, as stored. */
  public record ShardCounts(
      LocalDate asOf,
      String modelVersion,
      int shard,
      int shards,
      long customers,
      Map<String, long[]> counts) {}

  /** Per feature of the drift report. */
  public record FeatureDrift(
      double psi, boolean warning, double[] edges, double[] trainingShare, double[] servingShare) {}

  /** The run's drift report. */
  public record DriftReport(
      LocalDate asOf,
      String modelVersion,
      int shards,
      long customers,
      double warnThreshold,
      double maxPsi,
      List<String> driftedFeatures,
      Map<String, FeatureDrift> features) {}

  public static String reportKey(LocalDate asOf, String modelVersion) {
    return PREFIX + asOf + "/" + modelVersion + ".json";
  }

  static String shardPrefix(LocalDate asOf, String modelVersion) {
    return PREFIX + asOf + "/" + modelVersion + "/shards/";
  }

  /**
   * Stores this shard's counts and, when every shard's counts are there, the merged report.
   *
   * @return the key of the merged report when this call wrote it, else null
   */
  public String record(
      ShardCommand command,
      String modelVersion,
      long customers,
      Accumulator accumulator,
      Map<String, BinnedDistribution> reference) {
    if (!accumulator.hasReference()) {
      PrecomputeTelemetry.driftNotComputed(modelVersion);
      return null;
    }
    String prefix = shardPrefix(command.asOf(), modelVersion);
    String suffix = "-of-" + command.shards() + ".json";
    store.write(
        prefix + command.shard() + suffix,
        Json.bytes(
            new ShardCounts(
                command.asOf(),
                modelVersion,
                command.shard(),
                command.shards(),
                customers,
                accumulator.counts())),
        "application/json");
    List<String> keys = store.list(prefix).stream().filter(k -> k.endsWith(suffix)).toList();
    if (keys.size() < command.shards()) {
      return null;
    }
    DriftReport report = merge(command, modelVersion, keys, reference);
    String key = reportKey(command.asOf(), modelVersion);
    store.write(key, Json.bytes(report), "application/json");
    PrecomputeTelemetry.drift(report);
    return key;
  }

  private DriftReport merge(
      ShardCommand command,
      String modelVersion,
      List<String> keys,
      Map<String, BinnedDistribution> reference) {
    Map<String, long[]> total = new LinkedHashMap<>();
    long customers = 0;
    for (String key : keys) {
      ShardCounts part = Json.read(store.read(key).orElseThrow(), ShardCounts.class);
      customers += part.customers();
      part.counts()
          .forEach(
              (name, counts) ->
                  total.merge(
                      name,
                      counts.clone(),
                      (a, b) -> {
                        for (int i = 0; i < a.length; i++) {
                          a[i] += b[i];
                        }
                        return a;
                      }));
    }
    Map<String, FeatureDrift> features = new LinkedHashMap<>();
    List<String> drifted = new ArrayList<>();
    double max = 0;
    for (Map.Entry<String, long[]> e : total.entrySet()) {
      BinnedDistribution ref = reference.get(e.getKey());
      double psi = Psi.psi(ref, e.getValue());
      boolean counted = !SHIFTED_BY_HORIZON.contains(e.getKey());
      boolean warning = counted && psi > Psi.WARN_THRESHOLD;
      if (warning) {
        drifted.add(e.getKey());
      }
      if (counted) {
        max = Math.max(max, psi);
      }
      features.put(
          e.getKey(),
          new FeatureDrift(
              psi, warning, ref.edges(), ref.proportions(), Psi.proportions(e.getValue())));
    }
    return new DriftReport(
        command.asOf(),
        modelVersion,
        command.shards(),
        customers,
        Psi.WARN_THRESHOLD,
        max,
        drifted,
        features);
  }

  /**
   * Features that move by the horizon by construction: the training reference is taken at D = T -
   * H, serving at T, so every customer is H days older. They keep their own metric, but raise no
   * warning and are left out of {@code PSI_max}, which the drift alarm watches.
   */
  public static final Set<String> SHIFTED_BY_HORIZON =
      Set.of("age_days", "days_since_last", "recency_days");
}
