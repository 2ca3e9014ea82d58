package com.ltvforecast.local;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.ltvforecast.prediction.PredictFunction;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack while it serves, behaving as deployed: the HTTP API on {@code port}, the Lambda
 * Invoke API on {@code port + 1} for the other functions' events, and every upload to {@code raw/}
 * ingested from its real S3 notification.
 */
final class LocalStackServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStackServer.class);

  private final LocalApiServer api;
  private final LocalLambdaServer lambda;
  private final ScheduledExecutorService notifications = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "raw-notifications");
    t.setDaemon(true);
    return t;
  });

  LocalStackServer(LocalDeployment deployment, int port) {
    PredictFunction predict = new PredictFunction();
    this.api = LocalApiServer.start(predict, port);
    this.lambda = LocalLambdaServer.start(api.port() + 1, predict);
    IngestStep ingest = new IngestStep(deployment);
    notifications.scheduleWithFixedDelay(() -> {
      try {
        for (S3Event event : deployment.pollS3Events()) {
          ingest.handle(event);
        }
      } catch (RuntimeException e) {
        LOG.atWarn().addKeyValue("error", e.getMessage()).log("raw/ notification not ingested");
      }
    }, 0, 1, TimeUnit.SECONDS);
  }

  String apiUrl() {
    return "http://127.0.0.1:" + api.port();
  }

  String lambdaUrl() {
    return "http://127.0.0.1:" + lambda.port();
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
  }
}
