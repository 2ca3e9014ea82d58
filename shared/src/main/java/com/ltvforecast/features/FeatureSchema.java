package com.ltvforecast.features;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The versioned, ordered list of features. The version is stored with every feature vector and
 * model, so a model never scores vectors laid out for another schema. Bump it whenever a column is
 * added, removed, reordered or its meaning changes.
 */
public record FeatureSchema(int version, List<FeatureDefinition> features) {

  /**
   * Schema v1: RFM summary, spend, recent windows and inter-purchase gaps. To add a feature, add
   * its definition here and bump the version; every path (training, precompute, serving) computes
   * it.
   */
  public static final FeatureSchema V1 =
      new FeatureSchema(
          1,
          List.of(
              new FeatureDefinition(
                  "frequency",
                  "repeat purchase-days before D (purchase-days - 1)",
                  PurchaseSummary::frequency),
              new FeatureDefinition(
                  "recency_days",
                  "t_x: days from the first to the last purchase-day",
                  PurchaseSummary::firstToLastDays),
              new FeatureDefinition(
                  "age_days",
                  "T: days from the first purchase-day to D",
                  PurchaseSummary::firstToAsOfDays),
              new FeatureDefinition(
                  "days_since_last",
                  "days from the last purchase-day to D",
                  PurchaseSummary::lastToAsOfDays),
              new FeatureDefinition(
                  "total_spend",
                  "net spend before D (refunds subtracted)",
                  PurchaseSummary::totalSpend),
              new FeatureDefinition(
                  "mean_spend",
                  "total spend / purchase-days",
                  s -> s.totalSpend() / s.purchaseDays()),
              new FeatureDefinition(
                  "mean_repeat_spend",
                  "mean net spend per repeat purchase-day, first day excluded; 0 if none",
                  s -> s.frequency() == 0 ? 0 : (s.totalSpend() - s.firstSpend()) / s.frequency()),
              new FeatureDefinition(
                  "first_purchase_spend",
                  "net spend of the first purchase-day",
                  PurchaseSummary::firstSpend),
              new FeatureDefinition(
                  "purchase_days_30", "purchase-days in [D-30, D)", s -> s.purchaseDaysWithin(30)),
              new FeatureDefinition("spend_30", "net spend in [D-30, D)", s -> s.spendWithin(30)),
              new FeatureDefinition(
                  "purchase_days_90", "purchase-days in [D-90, D)", s -> s.purchaseDaysWithin(90)),
              new FeatureDefinition("spend_90", "net spend in [D-90, D)", s -> s.spendWithin(90)),
              new FeatureDefinition(
                  "purchase_days_365",
                  "purchase-days in [D-365, D)",
                  s -> s.purchaseDaysWithin(365)),
              new FeatureDefinition(
                  "spend_365", "net spend in [D-365, D)", s -> s.spendWithin(365)),
              new FeatureDefinition(
                  "gap_mean_days",
                  "mean days between consecutive purchase-days; 0 if none",
                  PurchaseSummary::gapMeanDays),
              new FeatureDefinition(
                  "gap_std_days",
                  "population standard deviation of those gaps; 0 if fewer than two",
                  PurchaseSummary::gapStdDays)));

  public FeatureSchema {
    Objects.requireNonNull(features, "features");
    if (version < 1) {
      throw new FeatureException("schema version must be >= 1, got " + version);
    }
    features = List.copyOf(features);
    var seen = new HashSet<String>();
    for (FeatureDefinition f : features) {
      if (!seen.add(f.name())) {
        throw new FeatureException("duplicate feature name '" + f.name() + "'");
      }
    }
  }

  /** The values of every feature, in schema order. */
  public double[] values(PurchaseSummary summary) {
    double[] v = new double[features.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = features.get(i).valueOf(summary);
    }
    return v;
  }

  public int size() {
    return features.size();
  }

  public List<String> names() {
    return features.stream().map(FeatureDefinition::name).toList();
  }

  /** The column of a feature, or an exception naming it when the schema has no such feature. */
  public int indexOf(String name) {
    for (int i = 0; i < features.size(); i++) {
      if (features.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new FeatureException("schema v" + version + " has no feature '" + name + "'");
  }
}
