package com.ltvforecast.local;

import com.ltvforecast.config.AppConfig;
import com.ltvforecast.prediction.PredictFunction;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack while it serves, behaving as deployed: the HTTP API on {@code port}, the Lambda
 * Invoke API on {@code port + 1} (any free port when {@code port} is 0) for the other functions'
 * events, and every upload to {@code raw/} ingested from its real S3 notification.
 */
final class LocalStackServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStackServer.class);

  private final PredictFunction predict;
  private final LocalApiServer api;
  private final LocalLambdaServer lambda;
  private final ScheduledExecutorService notifications =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "raw-notifications");
            t.setDaemon(true);
            return t;
          });

  /**
   * Serves the functions configured with {@code config} (e.g. {@link LocalDeployment#config()}).
   */
  LocalStackServer(LocalDeployment deployment, AppConfig config, int port) {
    this.predict = new PredictFunction(config);
    this.api = LocalApiServer.start(predict, port);
    // The Invoke API sits next to the API's port; with port 0 (any free port) it takes any free
    // port too,
    // since the port after a free one may be taken.
    this.lambda = LocalLambdaServer.start(port == 0 ? 0 : api.port() + 1, predict, config);
    IngestStep ingest = new IngestStep(deployment);
    notifications.scheduleWithFixedDelay(
        () -> {
          try {
            deployment.pollS3Events(ingest::handle);
          } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("error", e.getMessage()).log("raw/ notification not ingested");
          }
        },
        0,
        1,
        TimeUnit.SECONDS);
  }

  String apiUrl() {
    return "http://127.0.0.1:" + api.port();
  }

  String lambdaUrl() {
    return "http://127.0.0.1:" + lambda.port();
  }

  /** Ready-to-paste commands for every route and for the stack's other triggers. */
  static void printServing(LocalDeployment deployment, LocalStackServer server) {
    String api = server.apiUrl();
    System.out.printf(
        """

        serving the API at %1$s and the Lambda Invoke API at %2$s (Ctrl-C stops)
          curl -s %1$s/health
          curl -s %1$s/model
          curl -s %1$s/customers/4/score
          curl -s -X POST %1$s/predict -H 'content-type: application/json' -d '{"customer_id": "4", "explain": true}'
          curl -s -X POST %1$s/predict -H 'content-type: application/json' \\
            -d '{"customer_id": "new-1", "as_of": "1998-07-01", "transactions": [{"event_time": "1997-02-01", "amount": 25.5}, {"event_time": "1997-05-10", "amount": 12}]}'
          curl -s -X POST %1$s/predict -H 'content-type: application/json' -d '{"instances": [{"customer_id": "4"}, {"customer_id": "18"}]}'
        uploads to raw/ are ingested from their S3 notifications, as deployed:
          aws --endpoint-url %3$s s3 cp new.csv s3://%4$s/raw/new.csv
        other functions run with their events, as with sam local start-lambda:
          aws lambda invoke --endpoint-url %2$s --function-name TrainFunction --payload fileb://events/train-backfill.json out.json
          aws lambda invoke --endpoint-url %2$s --function-name PrecomputeFunction --payload fileb://events/precompute-run.json out.json
        (the aws CLI needs credentials of any value locally, e.g. AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test)
        """,
        api, server.lambdaUrl(), deployment.endpoint(), LocalDeployment.BUCKET);
  }

  /** Blocks until the process is stopped (Ctrl-C). */
  void awaitShutdown() {
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    notifications.shutdownNow();
    lambda.close();
    api.close();
    predict.close();
  }
}
