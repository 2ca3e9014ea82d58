package com.ltvforecast.ingest;

import java.time.Duration;

/**
 * One reconcile run of {@code raw/} against the curated manifests.
 *
 * @param orphanGrace curated files not named by any manifest are deleted only when older than this,
 *     so the files of an ingestion still running (uploaded before its manifest) are never taken
 * @param maxRedrives at most this many raw objects are ingested again in one run (the rest are
 *     reported as deferred, for the next run), so a run stays within one invocation
 * @param dryRun report only: ingest nothing, delete nothing
 */
public record ReconcileCommand(Duration orphanGrace, int maxRedrives, boolean dryRun) {

  public static final int DEFAULT_GRACE_HOURS = 24;

  /** Longer than an ingestion can run (the 15-minute Lambda limit), with room for clock skew. */
  public static final int MIN_GRACE_HOURS = 1;

  public static final int MAX_GRACE_HOURS = 24 * 366;
  public static final int DEFAULT_MAX_REDRIVES = 20;
  public static final int MAX_REDRIVES = 1000;

  public ReconcileCommand {
    if (orphanGrace.compareTo(Duration.ofHours(MIN_GRACE_HOURS)) < 0
        || orphanGrace.compareTo(Duration.ofHours(MAX_GRACE_HOURS)) > 0) {
      throw new IllegalArgumentException(
          "orphan grace must be "
              + MIN_GRACE_HOURS
              + ".."
              + MAX_GRACE_HOURS
              + " hours, got "
              + orphanGrace);
    }
    if (maxRedrives < 0 || maxRedrives > MAX_REDRIVES) {
      throw new IllegalArgumentException(
          "max redrives must be 0.." + MAX_REDRIVES + ", got " + maxRedrives);
    }
  }

  public static ReconcileCommand defaults() {
    return new ReconcileCommand(Duration.ofHours(DEFAULT_GRACE_HOURS), DEFAULT_MAX_REDRIVES, false);
  }
}
