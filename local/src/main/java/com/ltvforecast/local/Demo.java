package com.ltvforecast.local;

import com.ltvforecast.config.AppConfig;
import com.ltvforecast.ingest.IngestOutcome;
import com.ltvforecast.training.TrainingReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code demo}: ingest, train and precompute through the real handlers on one machine, then a
 * summary.
 */
final class Demo {

  /**
   * What the demo runs on. {@code data} null means the CDNOW sample with the paper protocol; a null
   * {@code asOf} or {@code horizonDays} takes the data's default; a null {@code port} means do not
   * serve.
   */
  record Options(
      Path data,
      LocalDate asOf,
      Integer horizonDays,
      Integer seed,
      int shards,
      Integer port,
      RunnerCommands.Stack stack) {}

  private Demo() {}

  static int run(Options options) {
    boolean cdnow = options.data() == null;
    Path data =
        cdnow ? DemoData.repositoryData(DemoData.CDNOW_SAMPLE, "pass --data FILE") : options.data();
    IngestStep.requireFiles(List.of(data));
    int horizon =
        options.horizonDays() != null
            ? options.horizonDays()
            : cdnow ? DemoData.CDNOW_HORIZON_DAYS : DemoData.DEFAULT_HORIZON_DAYS;
    try (LocalDeployment deployment = LocalDeployment.start(options.stack().endpoint)) {
      System.out.printf("endpoint: %s (%s)%n", deployment.endpoint(), deployment.endpointKind());
      List<IngestOutcome> outcomes = new IngestStep(deployment).run(List.of(data));
      IngestStep.printSummary(outcomes);
      LocalDate asOf =
          options.asOf() != null
              ? options.asOf()
              : cdnow
                  ? LocalDate.parse(DemoData.CDNOW_AS_OF)
                  : dayAfterLastTransaction(deployment, data);
      System.out.printf("data: %s, as-of %s, horizon %d days%n", data, asOf, horizon);
      AppConfig config = deployment.config(TrainStep.seed(options.seed()));
      TrainingReport training = new TrainStep(config).run(asOf.toString(), horizon);
      TrainStep.printResult(training);
      TrainStep.saveEvaluationReport(training);

      Map<String, Object> report = new LinkedHashMap<>();
      Map<String, Object> ingest = IngestStep.report(outcomes);
      report.put("ingest", ingest);
      report.put("training", training);
      if (!training.promoted()) {
        options.stack().writeReport(report);
        System.out.printf(
            "%nno model was promoted, so nothing is scored or served; the reason is above.%n");
        return LocalRunner.FAILED;
      }
      Map<String, Object> precompute;
      try (PrecomputeStep step = new PrecomputeStep(deployment)) {
        precompute = step.run(asOf.toString(), options.shards());
      }
      report.put("precompute", precompute);
      LocalStackServer server =
          options.port() == null ? null : new LocalStackServer(deployment, config, options.port());
      if (server != null) {
        report.put("serve", Map.of("url", server.apiUrl()));
      }
      options.stack().writeReport(report);

      System.out.printf("%nsummary%n");
      System.out.printf(
          "  rows ingested %s, rejected %s%n",
          ingest.get("rows_valid"), ingest.get("rows_rejected"));
      System.out.printf("  model %s promoted%n", training.modelVersion());
      System.out.printf(
          "  scores written %s of %s eligible customers (model %s, %s shards, %s s), items failed %s%n",
          precompute.get("customers_scored"),
          precompute.get("eligible_customers"),
          precompute.get("model_version"),
          precompute.get("shards"),
          precompute.get("seconds"),
          precompute.get("items_failed"));
      if (precompute.containsKey("drift_report")) {
        System.out.printf("  drift report %s%n", precompute.get("drift_report"));
      }
      if (options.stack().report != null) {
        System.out.printf("  report %s%n", options.stack().report);
      }
      if (server != null) {
        try (server) {
          LocalStackServer.printServing(deployment, server);
          server.awaitShutdown();
        }
      }
      return 0;
    }
  }

  private static LocalDate dayAfterLastTransaction(LocalDeployment deployment, Path data) {
    return deployment
        .lastTransactionDay()
        .map(day -> day.plusDays(1))
        .orElseThrow(
            () ->
                new LocalRunner.UsageException(
                    data + " has no valid transactions; see the ingest line above"));
  }
}
