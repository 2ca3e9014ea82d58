package com.ltvforecast.config;

/** Bounds that turn hostile or oversized uploads into quarantine reports instead of crashes. */
public record IngestLimits(
    double maxRejectedShare,
    long maxObjectBytes,
    long maxDecompressedBytes,
    int maxLineChars,
    long maxRejectedBytes) {

  /**
   * Rejected rows spooled to local disk per file before the file is quarantined whole: 1 GiB, a
   * tenth of the function's 10 GiB of ephemeral storage, which also holds the curated output.
   */
  public static final long DEFAULT_MAX_REJECTED_BYTES = 1L << 30;

  public IngestLimits(
      double maxRejectedShare, long maxObjectBytes, long maxDecompressedBytes, int maxLineChars) {
    this(
        maxRejectedShare,
        maxObjectBytes,
        maxDecompressedBytes,
        maxLineChars,
        DEFAULT_MAX_REJECTED_BYTES);
  }

  public IngestLimits {
    if (!(maxRejectedShare >= 0 && maxRejectedShare <= 1)) {
      throw new ConfigException(
          AppConfig.INGEST_MAX_REJECTED_SHARE + " must be within [0, 1], got " + maxRejectedShare);
    }
    if (maxObjectBytes < 1) {
      throw new ConfigException(
          AppConfig.INGEST_MAX_OBJECT_BYTES + " must be positive, got " + maxObjectBytes);
    }
    if (maxDecompressedBytes < 1) {
      throw new ConfigException(
          AppConfig.INGEST_MAX_DECOMPRESSED_BYTES
              + " must be positive, got "
              + maxDecompressedBytes);
    }
    if (maxRejectedBytes < 1) {
      throw new ConfigException(
          AppConfig.INGEST_MAX_REJECTED_BYTES + " must be positive, got " + maxRejectedBytes);
    }
    if (maxLineChars < 64) {
      throw new ConfigException(
          AppConfig.INGEST_MAX_LINE_CHARS + " must be at least 64, got " + maxLineChars);
    }
  }
}
