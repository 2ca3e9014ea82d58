package com.ltvforecast.featurestore;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * One customer's feature vector as of a date, in the order of feature schema {@code schemaVersion}.
 */
public record FeatureRecord(String customerId, LocalDate asOf, int schemaVersion, double[] values) {

  public FeatureRecord {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(asOf, "asOf");
    values = values.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureRecord r
        && r.customerId.equals(customerId)
        && r.asOf.equals(asOf)
        && r.schemaVersion == schemaVersion
        && Arrays.equals(r.values, values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(customerId, asOf, schemaVersion, Arrays.hashCode(values));
  }
}
