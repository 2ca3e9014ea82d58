package com.ltvforecast.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the numeric reference files that come with the datasets under {@code data/}. */
public final class TestData {

  private TestData() {}

  /**
   * The repository's {@code data/}, seen from this module's folder, where Maven runs its tests
   * (shared's tests cannot use {@code ProjectFiles}: local-support, which holds it, depends on
   * shared).
   */
  private static final Path DATA = Path.of("..", "data");

  /** The CDNOW folder, {@code data/cdnow}. */
  public static Path cdnow() {
    return data("cdnow");
  }

  /** A dataset file or folder under the repository's {@code data/}. */
  public static Path data(String relative) {
    Path candidate = DATA.resolve(relative);
    if (!Files.exists(candidate)) {
      throw new IllegalStateException(
          "dataset data/" + relative + " not found in " + DATA.toAbsolutePath().normalize());
    }
    return candidate;
  }

  /**
   * Reads a small numeric CSV with a header into columns by name. Empty cells become NaN; a cell
   * that is not a number fails the test, since the fixtures are meant to be fully numeric.
   */
  public static Map<String, double[]> readNumericCsv(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String[] header = lines.get(0).strip().split(",", -1);
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        rows.add(line.strip().split(",", -1));
      }
    }
    Map<String, double[]> columns = new LinkedHashMap<>();
    for (int c = 0; c < header.length; c++) {
      double[] values = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        String cell = rows.get(i)[c];
        values[i] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
      }
      columns.put(header[c], values);
    }
    return columns;
  }
}
