package com.ltvforecast.local;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.ingest.IngestFunction;
import com.ltvforecast.ingest.IngestOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;

/** Uploads files under raw/ and feeds each real S3 notification to the real ingest handler. */
final class IngestStep {

  private final LocalDeployment deployment;
  private final IngestFunction handler;

  IngestStep(LocalDeployment deployment) {
    this.deployment = deployment;
    this.handler = new IngestFunction(deployment.config());
  }

  /** Refuses a missing data file before anything starts. */
  static List<Path> requireFiles(List<Path> files) {
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new LocalRunner.UsageException("no such file: " + file);
      }
    }
    return files;
  }

  List<IngestOutcome> run(List<Path> files) {
    requireFiles(files);
    List<String> keys = rawKeys(files);
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      String key = keys.get(i);
      deployment
          .s3()
          .putObject(b -> b.bucket(LocalDeployment.BUCKET).key(key), RequestBody.fromFile(file));
      System.out.printf("uploaded %s to s3://%s/%s%n", file, LocalDeployment.BUCKET, key);
    }
    List<IngestOutcome> outcomes = new ArrayList<>();
    deployment.awaitS3Events(
        files.size(), Duration.ofSeconds(60), event -> outcomes.addAll(handle(event)));
    return outcomes;
  }

  /**
   * One {@code raw/} key per file: its file name, numbered ({@code 2-tx.csv}) when files of one run
   * share a name, so a second {@code tx.csv} from another folder does not replace the first.
   */
  static List<String> rawKeys(List<Path> files) {
    Map<String, Integer> seen = new HashMap<>();
    List<String> keys = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      int n = seen.merge(name, 1, Integer::sum);
      keys.add(CuratedLayout.RAW_PREFIX + (n == 1 ? name : n + "-" + name));
    }
    return keys;
  }

  /** One line for the whole ingestion. */
  static void printSummary(List<IngestOutcome> outcomes) {
    Map<String, Object> r = report(outcomes);
    System.out.printf(
        "ingested %s files: %s rows read, %s valid, %s rejected, %s files quarantined%n",
        r.get("files"),
        r.get("rows_read"),
        r.get("rows_valid"),
        r.get("rows_rejected"),
        r.get("files_quarantined"));
  }

  List<IngestOutcome> handle(S3Event event) {
    List<IngestOutcome> outcomes = handler.ingest(event);
    for (IngestOutcome o : outcomes) {
      System.out.printf(
          "ingested %s: %s, %d rows read, %d valid, %d rejected%s%n",
          o.sourceKey(),
          o.status(),
          o.rowsRead(),
          o.rowsValid(),
          o.rowsRejected(),
          o.reason() == null ? "" : " (" + o.reason() + ")");
    }
    return outcomes;
  }

  static Map<String, Object> report(List<IngestOutcome> outcomes) {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("files", outcomes.size());
    section.put("rows_read", outcomes.stream().mapToLong(IngestOutcome::rowsRead).sum());
    section.put("rows_valid", outcomes.stream().mapToLong(IngestOutcome::rowsValid).sum());
    section.put("rows_rejected", outcomes.stream().mapToLong(IngestOutcome::rowsRejected).sum());
    section.put(
        "files_quarantined",
        outcomes.stream().filter(o -> o.status() == IngestOutcome.Status.QUARANTINED).count());
    return section;
  }
}
