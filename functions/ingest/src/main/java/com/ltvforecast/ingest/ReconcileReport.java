package com.ltvforecast.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one reconcile run found and did. Counts are complete; the key lists name at most {@link
 * #MAX_LISTED} entries each.
 *
 * @param rawObjects objects under {@code raw/} that ingestion takes ({@code .csv}, {@code .csv.gz})
 * @param unmanifested raw objects with no manifest: their event never arrived or never finished
 * @param stale raw objects whose manifest describes an earlier upload (another ETag)
 * @param rawGone manifests whose raw object no longer exists (reported only: their rows stay
 *     published)
 * @param unreadableManifests manifests that are not a manifest document (reported only)
 * @param orphans curated files under {@code curated/transactions/} that no manifest names
 * @param orphansWithinGrace orphans younger than the grace period, kept (an ingestion may be about
 *     to name them)
 * @param orphansDeleted orphans deleted (0 on a dry run)
 * @param redriven raw objects ingested again through the ingest service, by outcome status
 * @param redriveFailed re-drives that threw (the object stays unreconciled for the next run)
 * @param redriveDeferred unreconciled objects over {@code max_redrives}, left for the next run
 * @param unresolved what this run found and did not repair: failed, deferred, and on a dry run
 *     every finding
 */
public record ReconcileReport(
    Instant startedAt,
    boolean dryRun,
    long orphanGraceHours,
    int rawObjects,
    int manifests,
    List<String> unmanifested,
    int unmanifestedCount,
    List<String> stale,
    int staleCount,
    List<String> rawGone,
    int rawGoneCount,
    List<String> unreadableManifests,
    List<String> orphans,
    int orphanCount,
    int orphansWithinGrace,
    int orphansDeleted,
    Map<IngestOutcome.Status, Integer> redriven,
    int redriveFailed,
    int redriveDeferred,
    int unresolved,
    double seconds) {

  public static final int MAX_LISTED = 100;

  public int redrivenCount() {
    return redriven.values().stream().mapToInt(Integer::intValue).sum();
  }
}
