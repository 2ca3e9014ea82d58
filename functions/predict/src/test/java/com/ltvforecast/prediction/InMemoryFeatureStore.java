package com.ltvforecast.prediction;

import com.ltvforecast.featurestore.FeatureRecord;
import com.ltvforecast.featurestore.FeatureStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory fake of the {@link FeatureStore} port. */
final class InMemoryFeatureStore implements FeatureStore {
  private final Map<String, FeatureRecord> records = new ConcurrentHashMap<>();

  @Override
  public Optional<FeatureRecord> get(String customerId) {
    return Optional.ofNullable(records.get(customerId));
  }

  @Override
  public void putAll(List<FeatureRecord> list) {
    list.forEach(r -> records.put(r.customerId(), r));
  }
}
