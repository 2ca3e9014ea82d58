package com.ltvforecast.ingest;

import com.ltvforecast.observability.Metrics;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IngestFunction's log lines and EMF metrics (namespace {@value Metrics#NAMESPACE},
 * Function=ingest): one line and one metrics record per ingested object and per reconcile run, and
 * the reconcile's repairs.
 */
final class IngestTelemetry {

  static final String FUNCTION = "ingest";

  private static final Logger LOG = LoggerFactory.getLogger(IngestFunction.class);
  private static final Logger RECONCILE_LOG = LoggerFactory.getLogger(ReconcileService.class);

  private IngestTelemetry() {}

  static void noRecords() {
    LOG.warn("event without records ignored");
  }

  /** Ingests {@code command} through {@code service}, timed, and logs and meters its outcome. */
  static IngestOutcome ingested(IngestCommand command, IngestService service) {
    long started = System.nanoTime();
    IngestOutcome outcome = service.ingest(command);
    ingested(outcome, (System.nanoTime() - started) / 1e6);
    return outcome;
  }

  private static void ingested(IngestOutcome outcome, double millis) {
    LOG.atInfo()
        .addKeyValue("source_key", outcome.sourceKey())
        .addKeyValue("status", outcome.status())
        .addKeyValue("reason", outcome.reason())
        .addKeyValue("rows_read", outcome.rowsRead())
        .addKeyValue("rows_valid", outcome.rowsValid())
        .addKeyValue("rows_rejected", outcome.rowsRejected())
        .addKeyValue("bytes_read", outcome.bytesRead())
        .addKeyValue("duration_ms", Math.round(millis))
        .log("object ingested");
    Metrics.forFunction(FUNCTION)
        .count("RowsRead", outcome.rowsRead())
        .count("RowsValid", outcome.rowsValid())
        .count("RowsRejected", outcome.rowsRejected())
        .bytes("BytesRead", outcome.bytesRead())
        .count(
            outcome.status() == IngestOutcome.Status.QUARANTINED
                ? "FilesQuarantined"
                : "FilesProcessed",
            1)
        .millis("Duration", millis)
        .property("status", outcome.status().name())
        .property("source_key", outcome.sourceKey())
        .flush();
  }

  static void reconciled(ReconcileReport report) {
    LOG.atInfo()
        .addKeyValue("dry_run", report.dryRun())
        .addKeyValue("raw_objects", report.rawObjects())
        .addKeyValue("manifests", report.manifests())
        .addKeyValue("unmanifested", report.unmanifestedCount())
        .addKeyValue("stale", report.staleCount())
        .addKeyValue("raw_gone", report.rawGoneCount())
        .addKeyValue("orphans", report.orphanCount())
        .addKeyValue("orphans_deleted", report.orphansDeleted())
        .addKeyValue("redriven", report.redriven())
        .addKeyValue("redrive_failed", report.redriveFailed())
        .addKeyValue("redrive_deferred", report.redriveDeferred())
        .addKeyValue("unresolved", report.unresolved())
        .log("reconciled");
    Metrics.forFunction(FUNCTION)
        .count("ReconcileRawObjects", report.rawObjects())
        .count("ReconcileUnmanifested", report.unmanifestedCount())
        .count("ReconcileStale", report.staleCount())
        .count("ReconcileRawGone", report.rawGoneCount())
        .count("ReconcileOrphans", report.orphanCount())
        .count("ReconcileOrphansDeleted", report.orphansDeleted())
        .count("ReconcileRedriven", report.redrivenCount())
        .count("ReconcileRedriveFailed", report.redriveFailed())
        .count("ReconcileUnresolved", report.unresolved())
        .seconds("ReconcileDuration", report.seconds())
        .property("mode", "reconcile")
        .property("dry_run", report.dryRun())
        .flush();
  }

  static void orphanDeleted(String key, Instant lastModified) {
    RECONCILE_LOG
        .atInfo()
        .addKeyValue("key", key)
        .addKeyValue("last_modified", lastModified)
        .log("orphaned curated file deleted");
  }

  static void redriven(String key, IngestOutcome outcome) {
    RECONCILE_LOG
        .atInfo()
        .addKeyValue("source_key", key)
        .addKeyValue("status", outcome.status())
        .addKeyValue("reason", outcome.reason())
        .addKeyValue("rows_valid", outcome.rowsValid())
        .log("raw object re-driven");
  }

  static void redriveFailed(String key, RuntimeException e) {
    RECONCILE_LOG.atError().addKeyValue("source_key", key).setCause(e).log("re-drive failed");
  }

  static void manifestUnreadable(String key, RuntimeException e) {
    RECONCILE_LOG
        .atWarn()
        .addKeyValue("key", key)
        .addKeyValue("reason", e.getMessage())
        .log("manifest unreadable");
  }
}
