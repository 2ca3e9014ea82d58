package com.ltvforecast.curated;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The record of one source object's ingestion. Written last, after every data file, so readers that
 * trust only manifested files never see partial output.
 *
 * @param sequencer the S3 event sequencer, or null when the event source gave none (moto,
 *     LocalStack)
 * @param status {@link Status#PUBLISHED} (files are readable) or {@link Status#QUARANTINED} (none
 *     are)
 * @param replacedFiles curated files of the manifest this one replaced, deleted after this manifest
 *     is in place; kept here so that a retry after a crash before the deletion still deletes them
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
    Instant ingestedAt,
    List<String> replacedFiles) {

  public static final int FORMAT_VERSION = 1;

  public enum Status {
    PUBLISHED,
    QUARANTINED
  }

  public Manifest {
    Objects.requireNonNull(sourceKey, "sourceKey");
    Objects.requireNonNull(status, "status");
    files = files == null ? List.of() : List.copyOf(files);
    replacedFiles = replacedFiles == null ? List.of() : List.copyOf(replacedFiles);
    if (rowsRead != rowsValid + rowsRejected) {
      throw new IllegalArgumentException(
          "rows read " + rowsRead + " != valid " + rowsValid + " + rejected " + rowsRejected);
    }
  }

  /** A manifest that replaced nothing. */
  public Manifest(
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
    this(
        formatVersion,
        sourceKey,
        sourceEtag,
        sourceVersionId,
        sequencer,
        status,
        reason,
        rowsRead,
        rowsValid,
        rowsRejected,
        bytesRead,
        files,
        quarantineReportKey,
        ingestedAt,
        List.of());
  }

  /**
   * One curated data file: a bucket's rows from this source object.
   *
   * @param etag the ETag S3 gave the file when it was written, or null in manifests written before
   * @param versionId the S3 version of the file (versioned buckets), or null
   */
  public record CuratedFile(
      String key, int bucket, long rows, long bytes, String sha256, String etag, String versionId) {
    public CuratedFile(String key, int bucket, long rows, long bytes, String sha256) {
      this(key, bucket, rows, bytes, sha256, null, null);
    }
  }

  /**
   * Whether an event with {@code otherSequencer} is older than the one this manifest recorded. S3
   * sequencers are hex strings of varying length; the S3 event documentation says to right-pad the
   * shorter one with zeros, then compare lexicographically.
   */
  public boolean isNewerThan(String otherSequencer) {
    if (sequencer == null || otherSequencer == null) {
      return false;
    }
    return compareSequencers(sequencer, otherSequencer) > 0;
  }

  /** Orders S3 event sequencers: the shorter right-padded with zeros, then lexicographic. */
  public static int compareSequencers(String a, String b) {
    int width = Math.max(a.length(), b.length());
    String left = a.toUpperCase(java.util.Locale.ROOT) + "0".repeat(width - a.length());
    String right = b.toUpperCase(java.util.Locale.ROOT) + "0".repeat(width - b.length());
    return left.compareTo(right);
  }
}
