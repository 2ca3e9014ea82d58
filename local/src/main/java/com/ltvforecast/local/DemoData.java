package com.ltvforecast.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's data: by default the CDNOW sample (Fader, Hardie and Lee 2005; 2,357 customers) from
 * the repository's {@code data/}, run with the paper protocol; otherwise any data file.
 */
final class DemoData {

  static final String CDNOW_SAMPLE = "cdnow/transactions_sample.csv";
  static final String CDNOW_MASTER = "cdnow/transactions.csv";
  static final String CDNOW_AS_OF = "1998-07-01";
  static final int CDNOW_HORIZON_DAYS = 273;
  static final int DEFAULT_HORIZON_DAYS = 90;

  private DemoData() {}

  /**
   * {@code data/<relative>} of the repository that holds the working directory or the jar: the
   * nearest folder above either with {@code template.yaml} and that file.
   *
   * @param otherwise what the user can do instead, ending the error when the file is not found
   */
  static Path repositoryData(String relative, String otherwise) {
    List<Path> starts = new ArrayList<>();
    starts.add(Path.of(System.getProperty("user.dir")).toAbsolutePath());
    try {
      starts.add(
          Path.of(DemoData.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toAbsolutePath());
    } catch (Exception unknownLocation) {
      // Running from an unusual class loader: the working directory is enough.
    }
    for (Path start : starts) {
      for (Path p = start; p != null; p = p.getParent()) {
        Path candidate = p.resolve("data").resolve(relative);
        if (Files.isRegularFile(p.resolve("template.yaml")) && Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    throw new LocalRunner.UsageException(
        "dataset data/"
            + relative
            + " not found in a checkout holding "
            + starts
            + "; run from the repository"
            + (otherwise.isEmpty() ? "" : " or " + otherwise));
  }
}
