package com.ltvforecast.local;

import com.ltvforecast.ingest.IngestOutcome;
import com.ltvforecast.json.Json;
import com.ltvforecast.training.TrainingReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code demo}: ingest, train and precompute through the real handlers on one machine, then a summary. */
final class Demo {

  private Demo() {}

  static int run(Arguments arguments) {
    boolean cdnow = arguments.option("data", null) == null;
    Path data = cdnow ? DemoData.repositoryData(DemoData.CDNOW_SAMPLE) : Path.of(arguments.required("data"));
    String asOf = arguments.option("as-of", cdnow ? DemoData.CDNOW_AS_OF : DemoData.dayAfterLastEvent(data));
    int horizon = Integer.parseInt(arguments.option("horizon-days",
        Integer.toString(cdnow ? DemoData.CDNOW_HORIZON_DAYS : 90)));
    int shards = Integer.parseInt(arguments.option("shards", "4"));
    int port = Integer.parseInt(arguments.option("port", "8080"));
    try (LocalDeployment deployment = LocalDeployment.start(LocalRunner.endpoint(arguments))) {
      System.out.printf("endpoint: %s (%s)%ndata: %s, as-of %s, horizon %d days%n", deployment.endpoint(),
          deployment.endpointKind(), data, asOf, horizon);
      List<IngestOutcome> outcomes = new IngestStep(deployment).run(List.of(data));
      TrainingReport training = new TrainStep().run(asOf, horizon);
      Map<String, Object> precompute = new PrecomputeStep(deployment).run(asOf, shards);

      Map<String, Object> report = new LinkedHashMap<>();
      Map<String, Object> ingest = IngestStep.report(outcomes);
      report.put("ingest", ingest);
      report.put("training", training);
      report.put("precompute", precompute);
      LocalStackServer server = arguments.flags().contains("no-serve") ? null : new LocalStackServer(deployment, port);
      if (server != null) {
        report.put("serve", Map.of("url", server.apiUrl()));
      }
      LocalRunner.writeReport(arguments, report);

      System.out.printf("%nsummary%n");
      System.out.printf("  rows ingested %s, rejected %s%n", ingest.get("rows_valid"), ingest.get("rows_rejected"));
      System.out.printf("  model %s %s%n", training.modelVersion(), training.promoted() ? "promoted"
          : "rejected " + training.reasons());
      training.metrics().forEach((name, m) -> System.out.printf(
          "    %-10s spend MAE %8.2f  RMSE %8.2f  corr %.3f  bias %+.1f%%  churn AUC %.3f%n", name, m.spendMae(),
          m.spendRmse(), m.spendCorr(), 100 * m.spendBias(), m.churnAuc()));
      System.out.printf("  scores written %s of %s eligible customers (model %s, %s shards, %s s), items failed %s%n",
          precompute.get("customers_scored"), precompute.get("eligible_customers"), precompute.get("model_version"),
          precompute.get("shards"), precompute.get("seconds"), precompute.get("items_failed"));
      if (precompute.containsKey("drift_report")) {
        System.out.printf("  drift report %s%n", precompute.get("drift_report"));
      }
      if (arguments.option("report", null) != null) {
        System.out.printf("  report %s%n", arguments.option("report", null));
      } else {
        System.out.println(Json.pretty(Map.of("precompute", precompute)));
      }
      if (server != null) {
        try (server) {
          LocalRunner.printServing(deployment, server);
          server.awaitShutdown();
        }
      }
      return 0;
    }
  }
}
