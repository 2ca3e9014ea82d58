package com.ltvforecast.curated;

/** A curated file whose bytes or row count differ from what its manifest recorded. */
public class CorruptCuratedFileException extends RuntimeException {
  public CorruptCuratedFileException(String key, String expectedSha, String actualSha) {
    super("curated file " + key + " has SHA-256 " + actualSha + ", manifest says " + expectedSha);
  }

  public CorruptCuratedFileException(String message) {
    super(message);
  }

  public CorruptCuratedFileException(String key, long expectedRows, long actualRows) {
    super("curated file " + key + " has " + actualRows + " rows, manifest says " + expectedRows);
  }
}
