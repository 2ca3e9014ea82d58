package com.ltvforecast.features;

import java.util.Objects;

/** One named, documented column of a feature vector. */
public record FeatureDefinition(String name, String description) {
  public FeatureDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new FeatureException("feature name must be snake_case, got '" + name + "'");
    }
  }
}
