package com.ltvforecast.featurestore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The port to the online feature store (FeatureTable), written by precompute and read by /predict.
 */
public interface FeatureStore {

  Optional<FeatureRecord> get(String customerId);

  /**
   * Writes every record or throws {@link com.ltvforecast.dynamo.IncompleteWriteException} naming
   * how many were not.
   */
  void putAll(List<FeatureRecord> records);

  /**
   * Writes each record unless the table holds a newer one for the customer: a later {@code as_of},
   * or the same {@code as_of} from a run started after {@code runStartedAt}. Stores without that
   * ordering (in-memory test fakes) write unconditionally.
   *
   * @return how many records were not written because the stored one is newer
   */
  default long putAllIfNewer(List<FeatureRecord> records, Instant runStartedAt) {
    putAll(records);
    return 0;
  }
}
