package com.ltvforecast.registry;

import java.util.List;
import java.util.Optional;

/**
 * The port to the model registry. Production is a single pointer per model name, changed only by a
 * conditional write, so two concurrent promotions cannot both win.
 */
public interface ModelRegistry {

  void register(ModelVersion version);

  Optional<ModelVersion> find(String modelName, String version);

  List<ModelVersion> versions(String modelName);

  /** The version production points at, or empty when nothing was ever promoted. */
  Optional<ModelVersion> production(String modelName);

  /**
   * Points production at {@code version} only if it still points at {@code expectedCurrent} (null
   * meaning "nothing promoted yet").
   *
   * @throws PromotionConflictException when another writer moved the pointer first
   */
  void promote(String modelName, String version, String expectedCurrent);

  void updateStatus(
      String modelName, String version, ModelVersion.Status status, List<String> reasons);
}
