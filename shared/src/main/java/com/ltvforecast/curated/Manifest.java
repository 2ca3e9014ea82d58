package com.ltvforecast.curated;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The record of one source object's ingestion. Written last, after every data file, so readers that
 * trust only manifested files never see partial output.
 *
 * @param sequencer the S3 event sequencer, or null when the event source gave none (moto, LocalStack)
 * @param status {@link Status#PUBLISHED} (files are readable) or {@link Status#QUARANTINED} (none are)
 */
public record Manifest(
    int formatVersion,
    String sourceKey,
    String sourceEtag,
    String sourceVersionId,
    String sequencer,
    Status status,
    String reason,
    long rowsRead,
    long rowsValid,
    long rowsRejected,
    long bytesRead,
    List<CuratedFile> files,
    String quarantineReportKey,
    Instant ingestedAt) {

  public static final int FORMAT_VERSION = 1;

  public enum Status { PUBLISHED, QUARANTINED }

  public Manifest {
    Objects.requireNonNull(sourceKey, "sourceKey");
    Objects.requireNonNull(status, "status");
    files = files == null ? List.of() : List.copyOf(files);
    if (rowsRead != rowsValid + rowsRejected) {
      throw new IllegalArgumentException(
          "rows read " + rowsRead + " != valid " + rowsValid + " + rejected " + rowsRejected);
    }
  }

  /** One curated data file: a bucket's rows from this source object. */
  public record CuratedFile(String key, int bucket, long rows, long bytes, String sha256) {}

  /**
   * Whether an event with {@code otherSequencer} is older than the one this manifest recorded. S3
   * sequencers are hex strings of varying length: compare them right-aligned.
   */
  public boolean isNewerThan(String otherSequencer) {
    if (sequencer == null || otherSequencer == null) {
      return false;
    }
    return compareSequencers(sequencer, otherSequencer) > 0;
  }

  static int compareSequencers(String a, String b) {
    int width = Math.max(a.length(), b.length());
    String left = "0".repeat(width - a.length()) + a.toUpperCase(java.util.Locale.ROOT);
    String right = "0".repeat(width - b.length()) + b.toUpperCase(java.util.Locale.ROOT);
    return left.compareTo(right);
  }
}
