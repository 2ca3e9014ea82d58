package com.ltvforecast.prediction;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.config.ServingSettings;
import java.time.Clock;
import org.crac.Core;
import org.crac.Resource;

/**
 * HTTP API (payload 2.0) → {@link ApiRouter} → {@link PredictionService}; logs and meters each
 * request.
 *
 * <p>SnapStart: the Lambda constructor registers this handler as a CRaC resource. Before the
 * snapshot, {@link #beforeCheckpoint} primes it ({@link Priming}: the clients' first calls, the
 * production model, warm-up predictions); after each restore, {@link #afterRestore} makes the next
 * request re-check the production pointer. Nothing random or secret is taken at init: the clients
 * resolve credentials through the default chain, which Lambda serves fresh after a restore.
 */
public class PredictFunction
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
        AutoCloseable,
        Resource {

  static final String NAME = "predict";

  private final ApiRouter router;
  private final ApiTelemetry telemetry;
  private final ModelHolder models;
  private final Clock clock;

  /** What Lambda calls: configured from the environment, and registered for SnapStart. */
  public PredictFunction() {
    this(AppConfig.fromEnvironment());
    Core.getGlobalContext().register(this);
  }

  /** Configured explicitly: the local runner and the integration tests. */
  public PredictFunction(AppConfig config) {
    this(
        PredictionService.fromConfig(config, AwsClients.dynamoDb(), Clock.systemUTC()),
        config.serving(),
        Clock.systemUTC());
  }

  /** Takes the collaborators: tests, and the local runner's in-process benchmark. */
  public PredictFunction(PredictionService service, ServingSettings settings, Clock clock) {
    this.router =
        new ApiRouter(service, new PredictRequestParser(settings, clock), settings.maxBodyBytes());
    this.telemetry = new ApiTelemetry(service.models(), clock);
    this.models = service.models();
    this.clock = clock;
  }

  /** Priming before the SnapStart snapshot: see {@link Priming}. */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    prime();
  }

  Priming.Result prime() {
    return Priming.prime(router, models, clock);
  }

  /**
   * After a restore, the next request re-checks the production pointer (the snapshot may be days
   * old).
   */
  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    models.recheckOnNextAcquire();
  }

  /** Frees the loaded models' native memory; Lambda never calls it, the local runner does. */
  @Override
  public void close() {
    models.close();
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    long started = System.nanoTime();
    ApiRequest request = ApiRequest.from(event, context);
    ApiResponse response = router.handle(request);
    telemetry.record(request, response, System.nanoTime() - started);
    return response.toHttpApi();
  }
}
