package com.ltvforecast.prediction;

import com.ltvforecast.forecast.PlainForecasters;
import com.ltvforecast.observability.Metrics;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelRegistry;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.serving.ServingModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production model of this execution environment: the one piece of mutable state that outlives
 * a request. It is loaded on first use, and the registry's production pointer is re-checked at most
 * once per refresh interval. A new version is loaded beside the old one and swapped in atomically;
 * a load that fails (registry down, corrupt or mismatched artifact) is logged and counted, and the
 * previous model keeps serving.
 *
 * <p>Callers {@link #acquire()} a lease and close it when done. A swapped-out model is closed (its
 * native memory freed) only when its last lease is closed, so a request never sees a closed model.
 */
public final class ModelHolder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);

  private final ModelRegistry registry;
  private final Function<ModelVersion, ServingModel> loader;
  private final String modelName;
  private final long refreshMillis;
  private final Clock clock;
  private final AtomicReference<Loaded> current = new AtomicReference<>();
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile long nextCheckMillis = Long.MIN_VALUE;
  private volatile String unavailableReason = "no production model has been looked up yet";

  /**
   * Loads from the registry's artifacts, verifying each against its registered checksum, and scores
   * every kind in plain Java ({@link PlainForecasters}): no DJL engine, no libtorch.
   */
  public ModelHolder(
      ModelRegistry registry,
      ModelArtifacts artifacts,
      String modelName,
      Duration refresh,
      Path workRoot,
      Clock clock) {
    this(
        registry,
        version ->
            ServingModel.load(
                version, artifacts, workRoot, (files, metadata) -> PlainForecasters.load(files)),
        modelName,
        refresh,
        clock);
  }

  ModelHolder(
      ModelRegistry registry,
      Function<ModelVersion, ServingModel> loader,
      String modelName,
      Duration refresh,
      Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.modelName = Objects.requireNonNull(modelName, "modelName");
    this.refreshMillis = refresh.toMillis();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A lease on the model to serve with, loading or refreshing it first when due; empty when none is
   * loaded.
   */
  public Optional<Lease> acquire() {
    if (clock.millis() >= nextCheckMillis) {
      refresh();
    }
    while (true) {
      Loaded loaded = current.get();
      if (loaded == null) {
        return Optional.empty();
      }
      if (loaded.retain()) {
        return Optional.of(new Lease(loaded));
      }
      // Swapped out and released between the read and the retain: read the new one.
    }
  }

  /**
   * Makes the next {@link #acquire()} re-check the production pointer whatever the refresh
   * interval: after a SnapStart restore, the snapshot's model may be days old.
   */
  public void recheckOnNextAcquire() {
    nextCheckMillis = Long.MIN_VALUE;
  }

  /**
   * Why no model is served, as of the last check: no version registered yet, the latest training
   * run not promoted (with the gate's reasons), or the production version failing to load.
   * Meaningful only while {@link #acquire()} is empty.
   */
  public String unavailableReason() {
    return unavailableReason;
  }

  /** What is loaded now, without refreshing: for health, logs and metrics. */
  public Optional<LoadedModel> peek() {
    Loaded loaded = current.get();
    return loaded == null
        ? Optional.empty()
        : Optional.of(
            new LoadedModel(
                loaded.model.version(), loaded.model.metadata().trainedAt(), loaded.loadedAt));
  }

  /** Version, training time and load time of the model in use. */
  public record LoadedModel(String version, Instant trainedAt, Instant loadedAt) {}

  private void refresh() {
    // With a model in hand, one thread refreshes and the others keep serving; with none, they wait
    // for it.
    if (current.get() == null) {
      refreshing.lock();
    } else if (!refreshing.tryLock()) {
      return;
    }
    try {
      if (clock.millis() >= nextCheckMillis) {
        check();
        nextCheckMillis = clock.millis() + refreshMillis;
      }
    } finally {
      refreshing.unlock();
    }
  }

  private void check() {
    ModelVersion production;
    try {
      Optional<ModelVersion> pointer = registry.production(modelName);
      if (pointer.isEmpty()) {
        unavailableReason = noProductionReason();
        return;
      }
      production = pointer.get();
    } catch (RuntimeException e) {
      failed(null, "registry", e);
      return;
    }
    Loaded loaded = current.get();
    if (loaded != null
        && loaded.model.version().equals(production.version())
        && Objects.equals(loaded.model.registryEntry().checksum(), production.checksum())) {
      return;
    }
    long started = System.nanoTime();
    ServingModel model;
    try {
      model = loader.apply(production);
    } catch (RuntimeException e) {
      failed(production.version(), e.getClass().getSimpleName(), e);
      return;
    }
    double loadMillis = (System.nanoTime() - started) / 1e6;
    Loaded previous = current.getAndSet(new Loaded(model, clock.instant()));
    if (previous != null) {
      previous.release();
    }
    LOG.atInfo()
        .addKeyValue("model_version", model.version())
        .addKeyValue("previous_version", previous == null ? null : previous.model.version())
        .addKeyValue("load_ms", Math.round(loadMillis))
        .log("model loaded");
    Metrics.forFunction(PredictFunction.NAME)
        .count("ModelLoads", 1)
        .millis("ModelLoadTime", loadMillis)
        .dimension("ModelVersion", model.version())
        .property("previous_version", previous == null ? "" : previous.model.version())
        .flush();
  }

  /** Says what the latest registered version is and why it does not serve. */
  private String noProductionReason() {
    Optional<ModelVersion> latest =
        registry.versions(modelName).stream()
            .max(
                Comparator.comparing(ModelVersion::createdAt).thenComparing(ModelVersion::version));
    if (latest.isEmpty()) {
      return "no production model: no training run has registered a version of "
          + modelName
          + " yet";
    }
    ModelVersion v = latest.get();
    return "no production model: the latest training run (version "
        + v.version()
        + ", "
        + v.status()
        + ") was not promoted"
        + (v.reasons().isEmpty() ? "" : ": " + String.join("; ", v.reasons()));
  }

  private void failed(String version, String reason, RuntimeException e) {
    Loaded serving = current.get();
    if (serving == null) {
      unavailableReason =
          version == null
              ? "no production model: the model registry could not be read"
              : "the production version "
                  + version
                  + " could not be loaded; the function's log says why";
    }
    LOG.atError()
        .addKeyValue("model_version", version)
        .addKeyValue("reason", reason)
        .addKeyValue("serving_version", serving == null ? null : serving.model.version())
        .setCause(e)
        .log(
            serving == null
                ? "model load failed; no model to serve"
                : "model load failed; keeping the previous model");
    Metrics.forFunction(PredictFunction.NAME)
        .count("ModelLoadFailures", 1)
        .property("reason", reason)
        .property("failed_version", version == null ? "" : version)
        .flush();
  }

  @Override
  public void close() {
    Loaded loaded = current.getAndSet(null);
    if (loaded != null) {
      loaded.release();
    }
  }

  /** A model and its reference count: 1 for the holder, plus one per open lease. */
  private static final class Loaded {
    final ServingModel model;
    final Instant loadedAt;
    private final AtomicInteger references = new AtomicInteger(1);

    Loaded(ServingModel model, Instant loadedAt) {
      this.model = model;
      this.loadedAt = loadedAt;
    }

    boolean retain() {
      for (int n = references.get(); n > 0; n = references.get()) {
        if (references.compareAndSet(n, n + 1)) {
          return true;
        }
      }
      return false;
    }

    void release() {
      if (references.decrementAndGet() == 0) {
        model.close();
      }
    }
  }

  /** The model for one request; close it when the request is done with it. */
  public static final class Lease implements AutoCloseable {
    private final Loaded loaded;
    private boolean closed;

    private Lease(Loaded loaded) {
      this.loaded = loaded;
    }

    public ServingModel model() {
      return loaded.model;
    }

    public Instant loadedAt() {
      return loaded.loadedAt;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        loaded.release();
      }
    }
  }
}
