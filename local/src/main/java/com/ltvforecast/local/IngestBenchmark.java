package com.ltvforecast.local;

import com.ltvforecast.ingest.IngestOutcome;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Ingestion throughput of a generated gzip CSV through the real handler against the local endpoint,
 * next to the ceiling: reading and decompressing the same file on the same machine in the same run.
 */
final class IngestBenchmark {

  private IngestBenchmark() {}

  static Map<String, Object> run(LocalDeployment deployment, long rows) {
    Path file = generate(rows);
    try {
      long textBytes = textBytes(file);
      long ceilingStart = System.nanoTime();
      textBytes(file);
      double ceilingSeconds = (System.nanoTime() - ceilingStart) / 1e9;

      String key = "raw/bench-" + rows + ".csv.gz";
      deployment
          .s3()
          .putObject(b -> b.bucket(LocalDeployment.BUCKET).key(key), RequestBody.fromFile(file));
      IngestStep step = new IngestStep(deployment);
      List<IngestOutcome> outcomes = new ArrayList<>();
      long[] nanos = new long[1];
      deployment.awaitS3Events(
          1,
          Duration.ofSeconds(120),
          event -> {
            HeapMeter.reset();
            long start = System.nanoTime();
            outcomes.addAll(step.handle(event));
            nanos[0] = System.nanoTime() - start;
          });
      IngestOutcome outcome = outcomes.get(0);
      double seconds = nanos[0] / 1e9;
      if (outcome.rowsValid() != rows) {
        throw new IllegalStateException(
            "benchmark ingested "
                + outcome.rowsValid()
                + " of "
                + rows
                + " rows: "
                + outcome.status()
                + " "
                + outcome.reason());
      }
      double mb = textBytes / 1e6;
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("mb_per_s", round(mb / seconds));
      result.put("ceiling_mb_per_s", round(mb / ceilingSeconds));
      result.put("rows_per_s", Math.round(rows / seconds));
      result.put("peak_heap_mb", round(HeapMeter.peakMb()));
      result.put("rows", rows);
      result.put("csv_mb", round(mb));
      result.put("gzip_mb", round(Files.size(file) / 1e6));
      result.put("seconds", round(seconds));
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      file.toFile().delete();
    }
  }

  /** A deterministic BTYD-flavoured purchase log: rows / 10 customers, two years of dates. */
  static Path generate(long rows) {
    try {
      Path file = Files.createTempFile("ltv-bench-", ".csv.gz");
      SplittableRandom random = new SplittableRandom(20261130);
      long customers = Math.max(1, rows / 10);
      LocalDate start = LocalDate.of(2024, 1, 1);
      try (OutputStream out =
              new GZIPOutputStream(
                  new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16);
          Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
        writer.write("customer_id,event_time,amount,transaction_id\n");
        StringBuilder line = new StringBuilder(64);
        for (long i = 0; i < rows; i++) {
          line.setLength(0);
          line.append("cust-")
              .append(random.nextLong(customers))
              .append(',')
              .append(start.plusDays(random.nextInt(730)))
              .append(',')
              .append(random.nextInt(1, 500))
              .append('.')
              .append(random.nextInt(10, 100))
              .append(",t")
              .append(i)
              .append('\n');
          writer.append(line);
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot generate the benchmark file", e);
    }
  }

  /** Reads and decompresses the whole file: the ceiling any ingestion of it can reach. */
  private static long textBytes(Path file) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        total += n;
      }
    }
    return total;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
