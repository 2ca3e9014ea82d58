package com.ltvforecast.prediction;

import java.time.Clock;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming, run once before the snapshot is taken: what a first request would otherwise
 * pay for after every restore. Through the router (not the handler, so no request is logged or
 * metered): {@code GET /health} loads the production model (the registry's DynamoDB query and
 * GetItem, the S3 downloads, the checksum, the plain-Java load); a score and a stored-features
 * lookup of a customer id that no table holds run both DynamoDB GetItem paths; then {@value
 * #WARM_UP_PREDICTIONS} on-demand predictions from transactions in the body run the parser, the
 * feature code and the model until the JIT has compiled them. Nothing it does is kept besides the
 * loaded model and the warmed code: no request state, no randomness, no credentials of its own.
 */
final class Priming {

  static final String CUSTOMER = "snapstart-priming";
  static final int WARM_UP_PREDICTIONS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

  private Priming() {}

  /**
   * The statuses seen, for the log line and the tests: health, score, stored features, last
   * prediction.
   */
  record Result(int health, int score, int storedFeatures, int prediction) {}

  static Result prime(ApiRouter router, ModelHolder models, Clock clock) {
    long started = System.nanoTime();
    int health = router.handle(get("/health")).status();
    int score = router.handle(get("/customers/" + CUSTOMER + "/score")).status();
    int stored = router.handle(post("{\"customer_id\": \"" + CUSTOMER + "\"}")).status();
    LocalDate today = LocalDate.now(clock);
    int prediction = 0;
    for (int i = 0; i < WARM_UP_PREDICTIONS; i++) {
      prediction =
          router
              .handle(
                  post(
                      "{\"customer_id\": \""
                          + CUSTOMER
                          + "\", \"as_of\": \""
                          + today
                          + "\","
                          + " \"transactions\": [{\"event_time\": \""
                          + today.minusDays(400 + i % 97)
                          + "\", \"amount\": "
                          + (10 + i % 50)
                          + "}, {\"event_time\": \""
                          + today.minusDays(30 + i % 29)
                          + "\", \"amount\": 24.5}]}"))
              .status();
    }
    Result result = new Result(health, score, stored, prediction);
    LOG.atInfo()
        .addKeyValue(
            "model_version", models.peek().map(ModelHolder.LoadedModel::version).orElse(null))
        .addKeyValue("statuses", result.toString())
        .addKeyValue("priming_ms", (System.nanoTime() - started) / 1_000_000)
        .log("primed for the snapshot");
    return result;
  }

  private static ApiRequest get(String path) {
    return new ApiRequest("GET", path, null, false, "snapstart-priming");
  }

  private static ApiRequest post(String body) {
    return new ApiRequest("POST", "/predict", body, false, "snapstart-priming");
  }
}
