package com.ltvforecast.precompute;

import com.ltvforecast.drift.Psi;
import com.ltvforecast.observability.Metrics;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PrecomputeFunction's log lines and EMF metrics (namespace {@value Metrics#NAMESPACE},
 * Function=precompute): one line and one metrics record per scored shard, the coordinator's
 * fan-out, the model loads and the drift report's PSI per feature.
 */
final class PrecomputeTelemetry {

  static final String FUNCTION = "precompute";

  private static final Logger LOG = LoggerFactory.getLogger(PrecomputeFunction.class);
  private static final Logger SERVICE_LOG = LoggerFactory.getLogger(PrecomputeService.class);
  private static final Logger DRIFT_LOG = LoggerFactory.getLogger(DriftMonitor.class);

  private PrecomputeTelemetry() {}

  /** What a run's trigger did: a shard scored inline, a fan-out, or a skip. */
  static void triggered(PrecomputeOutcome outcome) {
    if (outcome instanceof ShardReport report) {
      shardScored(report);
    } else {
      LOG.atInfo().addKeyValue("outcome", outcome).log("precompute triggered");
    }
  }

  static void shardScored(ShardReport r) {
    LOG.atInfo()
        .addKeyValue("shard", r.shard())
        .addKeyValue("shards", r.shards())
        .addKeyValue("model_version", r.modelVersion())
        .addKeyValue("customers_scored", r.customersScored())
        .addKeyValue("items_written", r.itemsWritten())
        .addKeyValue("items_kept_newer", r.itemsKeptNewer())
        .addKeyValue("seconds", r.seconds())
        .log("shard scored");
    Metrics.forFunction(FUNCTION)
        .count("CustomersScored", r.customersScored())
        .count("ItemsWritten", r.itemsWritten())
        .count("ItemsFailed", r.itemsFailed())
        .count("ItemsKeptNewer", r.itemsKeptNewer())
        .seconds("Duration", r.seconds())
        .none("ModelAgeDays", r.modelAgeDays())
        .property("model_version", r.modelVersion())
        .flush();
  }

  /** A shard message of an SQS batch failed; it returns to the queue. */
  static void shardFailed(String messageId, Exception e) {
    LOG.atError().addKeyValue("message_id", messageId).setCause(e).log("shard failed");
  }

  static void shardsEnqueued(TriggerCommand command, int shards, String modelVersion) {
    SERVICE_LOG
        .atInfo()
        .addKeyValue("as_of", command.asOf())
        .addKeyValue("shards", shards)
        .addKeyValue("model_version", modelVersion)
        .addKeyValue("source", command.source())
        .log("shard messages enqueued");
  }

  static void modelLoaded(String modelVersion) {
    SERVICE_LOG.atInfo().addKeyValue("model_version", modelVersion).log("model loaded");
  }

  static void driftNotComputed(String modelVersion) {
    DRIFT_LOG
        .atWarn()
        .addKeyValue("model_version", modelVersion)
        .log("model metadata holds no training distribution; drift not computed");
  }

  /** The run's PSI per feature and their maximum; one warning per drifted feature. */
  static void drift(DriftMonitor.DriftReport report) {
    Metrics metrics =
        Metrics.forFunction(FUNCTION)
            .property("as_of", report.asOf().toString())
            .property("model_version", report.modelVersion());
    report
        .features()
        .forEach(
            (name, drift) -> {
              metrics.none("PSI_" + name, drift.psi());
              if (drift.warning()) {
                driftWarning(name, drift.psi(), report.modelVersion(), report.asOf());
              }
            });
    metrics.none("PSI_max", report.maxPsi()).flush();
  }

  private static void driftWarning(
      String feature, double psi, String modelVersion, LocalDate asOf) {
    DRIFT_LOG
        .atWarn()
        .addKeyValue("feature", feature)
        .addKeyValue("psi", psi)
        .addKeyValue("model_version", modelVersion)
        .addKeyValue("as_of", asOf.toString())
        .log("feature drift above " + Psi.WARN_THRESHOLD);
  }
}
