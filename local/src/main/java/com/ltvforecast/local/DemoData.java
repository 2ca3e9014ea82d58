package com.ltvforecast.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The demo's data: by default the CDNOW sample (Fader, Hardie and Lee 2005; 2,357 customers) from
 * the repository's {@code data/}, run with the paper protocol; otherwise any data file.
 */
final class DemoData {

  static final String CDNOW_SAMPLE = "cdnow/transactions_sample.csv";
  static final String CDNOW_AS_OF = "1998-07-01";
  static final int CDNOW_HORIZON_DAYS = 273;

  private DemoData() {}

  /**
   * {@code data/<relative>} of the repository that holds the working directory or the jar: the nearest folder
   * above either with {@code template.yaml} and that file.
   */
  static Path repositoryData(String relative) {
    List<Path> starts = new ArrayList<>();
    starts.add(Path.of(System.getProperty("user.dir")).toAbsolutePath());
    try {
      starts.add(Path.of(DemoData.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath());
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
    throw new Arguments.UsageException("dataset data/" + relative + " not found in a checkout holding " + starts
        + "; run from the repository or pass --data FILE");
  }

  /** The day after the latest {@code event_time} in a CSV (or .csv.gz): the as-of date that scores all of it. */
  static String dayAfterLastEvent(Path file) {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      String header = reader.readLine();
      if (header == null) {
        throw new Arguments.UsageException(file + " is empty");
      }
      List<String> columns = List.of(header.trim().toLowerCase(java.util.Locale.ROOT).split(","));
      int column = columns.indexOf("event_time");
      if (column < 0) {
        throw new Arguments.UsageException(file + " has no event_time column; pass --as-of DATE");
      }
      String latest = null;
      for (String line; (line = reader.readLine()) != null; ) {
        String[] fields = line.split(",", -1);
        if (fields.length > column && fields[column].length() >= 10) {
          String day = fields[column].substring(0, 10);
          if (latest == null || day.compareTo(latest) > 0) {
            latest = day;
          }
        }
      }
      if (latest == null) {
        throw new Arguments.UsageException(file + " has no dated rows; pass --as-of DATE");
      }
      return LocalDate.parse(latest).plusDays(1).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (java.time.format.DateTimeParseException e) {
      throw new Arguments.UsageException("cannot find the last date in " + file + " (" + e.getMessage()
          + "); pass --as-of DATE");
    }
  }
}
