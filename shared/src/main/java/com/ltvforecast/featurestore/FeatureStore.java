package com.ltvforecast.featurestore;

import java.util.List;
import java.util.Optional;

/** The port to the online feature store (FeatureTable), written by precompute and read by /predict. */
public interface FeatureStore {

  Optional<FeatureRecord> get(String customerId);

  /** Writes every record or throws {@link com.ltvforecast.dynamo.IncompleteWriteException} naming how many were not. */
  void putAll(List<FeatureRecord> records);
}
