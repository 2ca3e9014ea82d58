package com.ltvforecast.local;

import com.ltvforecast.ingest.IngestOutcome;
import com.ltvforecast.training.TrainingReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Training wall time and peak heap through the real TrainFunction: on the CDNOW master (paper
 * protocol) and on a synthetic BTYD cohort. Both are uploaded to the same raw key, so the second
 * upload replaces the first's curated data exactly as a re-upload does in production.
 */
final class TrainBenchmark {

  private static final String KEY = "raw/bench/train.csv.gz";

  private TrainBenchmark() {}

  static Map<String, Object> run(
      LocalDeployment deployment, Path cdnowMaster, int syntheticCustomers) {
    Map<String, Object> result = new LinkedHashMap<>();
    Path file = null;
    try {
      file = Files.createTempFile("ltv-train-bench-", ".csv.gz");
      gzip(cdnowMaster, file);
      ingest(deployment, file);
      Timed cdnow = train(deployment, Map.of("as_of", "1998-07-01", "horizon_days", 273));
      result.put("cdnow_seconds", cdnow.seconds);
      result.put("peak_heap_mb", cdnow.peakHeapMb);
      result.put(
          "cdnow_customers", cdnow.report.trainCustomers() + cdnow.report.validationCustomers());

      long rows = SyntheticPurchases.write(file, syntheticCustomers, 20261130L);
      ingest(deployment, file);
      Timed synthetic =
          train(deployment, Map.of("as_of", SyntheticPurchases.END.toString(), "horizon_days", 90));
      result.put("synthetic_customers", syntheticCustomers);
      result.put("synthetic_rows", rows);
      result.put(
          "synthetic_eligible_customers",
          synthetic.report.trainCustomers() + synthetic.report.validationCustomers());
      result.put("synthetic_seconds", synthetic.seconds);
      result.put("synthetic_peak_heap_mb", synthetic.peakHeapMb);
      result.put("synthetic_promoted", synthetic.report.promoted());
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        file.toFile().delete();
      }
    }
  }

  private record Timed(TrainingReport report, double seconds, double peakHeapMb) {}

  private static Timed train(LocalDeployment deployment, Map<String, Object> event) {
    HeapMeter.reset();
    long start = System.nanoTime();
    TrainingReport report =
        new TrainStep(deployment.config())
            .run(String.valueOf(event.get("as_of")), (int) event.get("horizon_days"));
    TrainStep.printResult(report);
    double seconds = Math.round((System.nanoTime() - start) / 1e7) / 100.0;
    return new Timed(report, seconds, HeapMeter.peakMb());
  }

  private static void ingest(LocalDeployment deployment, Path file) {
    deployment
        .s3()
        .putObject(b -> b.bucket(LocalDeployment.BUCKET).key(KEY), RequestBody.fromFile(file));
    IngestStep step = new IngestStep(deployment);
    List<IngestOutcome> outcomes = new ArrayList<>();
    deployment.awaitS3Events(
        1, Duration.ofSeconds(300), event -> outcomes.addAll(step.handle(event)));
    IngestOutcome outcome = outcomes.get(0);
    if (outcome.status() != IngestOutcome.Status.PUBLISHED) {
      throw new IllegalStateException("benchmark data not published: " + outcome);
    }
  }

  private static void gzip(Path source, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(source);
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(target), 1 << 16)) {
      in.transferTo(out);
    }
  }
}
