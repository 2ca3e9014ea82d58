package com.ltvforecast.training;

import com.ltvforecast.features.CustomerHistories;
import com.ltvforecast.features.CustomerHistory;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.features.Labels;
import com.ltvforecast.transactions.CustomerHash;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The point-in-time training set at run date T: for every eligible customer (first purchase before
 * D = T − H), the features at D from the shared feature code, the labels from [D, T), and the naive
 * baseline. {@link CustomerSplit} assigns roles.
 */
public final class TrainingSet {

  static final String SAMPLE_SALT = "sample";

  final List<String> customerIds = new ArrayList<>();
  final List<double[]> features = new ArrayList<>();
  final List<Labels> labels = new ArrayList<>();
  final List<Double> naiveSpend = new ArrayList<>();
  final List<Boolean> naiveChurn = new ArrayList<>();
  final LocalDate featureDate;
  final int horizonDays;
  int eligibleCustomers;
  double sampleShare = 1.0;

  private TrainingSet(LocalDate featureDate, int horizonDays) {
    this.featureDate = featureDate;
    this.horizonDays = horizonDays;
  }

  /**
   * @param histories every customer's purchase-days before T
   * @param customerCap above this many eligible customers, keep a deterministic hash sample
   */
  public static TrainingSet build(
      CustomerHistories histories, TrainCommand command, int customerCap) {
    LocalDate d = command.featureDate();
    TrainingSet set = new TrainingSet(d, command.horizonDays());
    int[] eligible = {0};
    histories.forEach(
        h -> {
          if (FeatureCalculator.isEligible(h, d)) {
            eligible[0]++;
          }
        });
    set.eligibleCustomers = eligible[0];
    set.sampleShare = eligible[0] > customerCap ? (double) customerCap / eligible[0] : 1.0;
    // Customers in id order, whatever order the curated files (their bucket count, their upload
    // order) or a
    // CSV gave: the network's shuffles run over row indices, so the same data and seed give the
    // same model.
    List<CustomerHistory> kept = new ArrayList<>();
    histories.forEach(
        h -> {
          if (FeatureCalculator.isEligible(h, d)
              && (set.sampleShare >= 1.0
                  || CustomerHash.unit(h.customerId(), SAMPLE_SALT) < set.sampleShare)) {
            kept.add(h);
          }
        });
    kept.sort(java.util.Comparator.comparing(CustomerHistory::customerId));
    kept.forEach(set::add);
    return set;
  }

  private void add(CustomerHistory h) {
    customerIds.add(h.customerId());
    features.add(FeatureCalculator.features(h, featureDate).values());
    labels.add(Labels.of(h, featureDate, horizonDays));
    // The naive baseline carries the previous window [D - H, D) forward, measured like the labels.
    Labels previousWindow = Labels.of(h, featureDate.minusDays(horizonDays), horizonDays);
    naiveSpend.add(previousWindow.spend());
    naiveChurn.add(previousWindow.churned());
  }

  public int size() {
    return customerIds.size();
  }

  public List<String> customerIds() {
    return java.util.Collections.unmodifiableList(customerIds);
  }

  /**
   * The rows' features (schema order), spend and churn labels, and the naive baseline, for the
   * given rows.
   */
  RowData rows(int[] rows) {
    double[][] f = new double[rows.length][];
    double[] spend = new double[rows.length];
    boolean[] churned = new boolean[rows.length];
    double[] naiveS = new double[rows.length];
    double[] naiveC = new double[rows.length];
    for (int j = 0; j < rows.length; j++) {
      int i = rows[j];
      f[j] = features.get(i);
      spend[j] = labels.get(i).spend();
      churned[j] = labels.get(i).churned();
      naiveS[j] = naiveSpend.get(i);
      naiveC[j] = naiveChurn.get(i) ? 1.0 : 0.0;
    }
    return new RowData(rows, f, spend, churned, naiveS, naiveC);
  }

  /** Row-aligned arrays of a subset of the set. */
  record RowData(
      int[] index,
      double[][] features,
      double[] spend,
      boolean[] churned,
      double[] naiveSpend,
      double[] naiveChurn) {
    int size() {
      return index.length;
    }
  }
}
