package com.ltvforecast.testing;

import com.ltvforecast.registry.ModelRegistry;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.registry.PromotionConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory fake of the {@link ModelRegistry} port, for unit tests of our own services only. */
public class InMemoryModelRegistry implements ModelRegistry {

  private final Map<String, ModelVersion> versions = new ConcurrentHashMap<>();
  private final Map<String, String> production = new ConcurrentHashMap<>();

  @Override
  public void register(ModelVersion version) {
    if (versions.putIfAbsent(version.modelName() + "/" + version.version(), version) != null) {
      throw new IllegalStateException("version " + version.version() + " already registered");
    }
  }

  @Override
  public Optional<ModelVersion> find(String modelName, String version) {
    return Optional.ofNullable(versions.get(modelName + "/" + version));
  }

  @Override
  public List<ModelVersion> versions(String modelName) {
    List<ModelVersion> list = new ArrayList<>();
    versions.values().stream().filter(v -> v.modelName().equals(modelName)).forEach(list::add);
    list.sort((a, b) -> a.version().compareTo(b.version()));
    return list;
  }

  @Override
  public Optional<ModelVersion> production(String modelName) {
    return Optional.ofNullable(production.get(modelName)).flatMap(v -> find(modelName, v));
  }

  @Override
  public synchronized void promote(String modelName, String version, String expectedCurrent) {
    if (!Objects.equals(production.get(modelName), expectedCurrent)) {
      throw new PromotionConflictException(modelName, version, expectedCurrent);
    }
    production.put(modelName, version);
  }

  @Override
  public void updateStatus(
      String modelName, String version, ModelVersion.Status status, List<String> reasons) {
    versions.computeIfPresent(modelName + "/" + version, (k, v) -> v.withStatus(status, reasons));
  }
}
