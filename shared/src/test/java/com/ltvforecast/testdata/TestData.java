package com.ltvforecast.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the shared datasets. They live outside the repository, beside its checkout
 * ({@code <dir>/shared/data} next to {@code <dir>/p} in CI, {@code /work/shared/data} here), and a module
 * may run from a git worktree at any depth, so walk up from the working directory instead of assuming one.
 */
public final class TestData {

  private TestData() {}

  /** The CDNOW folder: the first {@code shared/data/cdnow} holding transactions.csv above user.dir. */
  public static Path cdnow() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data").resolve("cdnow");
      if (Files.isRegularFile(candidate.resolve("transactions.csv"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("CDNOW test data not found: no shared/data/cdnow/transactions.csv in "
        + start + " or any parent directory. Put the shared data folder beside the checkout.");
  }

  /**
   * Reads a small numeric CSV with a header into columns by name. Empty cells become NaN; a cell that is
   * not a number fails the test, since the fixtures are meant to be fully numeric.
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
