package com.ltvforecast.ingest;

/** What ingesting one object did. Counts always add up: rows read = valid + rejected. */
public record IngestOutcome(
    String sourceKey,
    Status status,
    String reason,
    long rowsRead,
    long rowsValid,
    long rowsRejected,
    long bytesRead,
    int filesWritten,
    String manifestKey,
    String quarantineReportKey) {

  public enum Status {
    /** Rows are curated and manifested (some rows may be in a quarantine report). */
    PUBLISHED,
    /** The whole file was rejected; nothing was published. */
    QUARANTINED,
    /** The manifest already records this exact object: a re-delivered event. */
    DUPLICATE,
    /** The manifest records a newer event for this key. */
    STALE,
    /** The object was overwritten after this event; the newer upload's event will ingest it. */
    SUPERSEDED,
    /** The object no longer exists. */
    MISSING,
    /** The key is outside {@code raw/}. */
    IGNORED
  }

  public IngestOutcome {
    if (rowsRead != rowsValid + rowsRejected) {
      throw new IllegalStateException(
          "rows read " + rowsRead + " != valid " + rowsValid + " + rejected " + rowsRejected);
    }
  }

  static IngestOutcome skipped(String key, Status status, String reason) {
    return new IngestOutcome(key, status, reason, 0, 0, 0, 0, 0, null, null);
  }
}
