package com.ltvforecast.features;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * One feature: its column name, what it means, and how it is computed from a customer's purchases
 * before D. A schema is a list of these, so a feature's name and its value cannot drift apart.
 */
public record FeatureDefinition(
    String name, String description, @JsonIgnore ToDoubleFunction<PurchaseSummary> value) {
  public FeatureDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(value, "value");
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new FeatureException("feature name must be snake_case, got '" + name + "'");
    }
  }

  /** This feature's value for one customer. */
  public double valueOf(PurchaseSummary summary) {
    return value.applyAsDouble(summary);
  }
}
