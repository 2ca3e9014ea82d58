package com.ltvforecast.prediction;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.config.ServingSettings;
import com.ltvforecast.dynamo.BatchWriter;
import com.ltvforecast.featurestore.DynamoFeatureStore;
import com.ltvforecast.registry.DynamoModelRegistry;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.scores.DynamoScoreStore;
import com.ltvforecast.storage.S3ObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
    this(config, AwsClients.dynamoDb(), Clock.systemUTC());
  }

  private PredictFunction(AppConfig config, DynamoDbClient dynamo, Clock clock) {
    this(
        new PredictionService(
            new DynamoFeatureStore(
                dynamo,
                new BatchWriter(dynamo, 1, Duration.ofSeconds(10)),
                config.requireFeatureTable()),
            new DynamoScoreStore(
                dynamo,
                new BatchWriter(dynamo, 1, Duration.ofSeconds(10)),
                config.requireScoreTable()),
            new ModelHolder(
                new DynamoModelRegistry(dynamo, config.requireModelRegistryTable()),
                new ModelArtifacts(new S3ObjectStore(AwsClients.s3(), config.requireDataBucket())),
                config.modelName(),
                Duration.ofSeconds(config.serving().modelRefreshSeconds()),
                Path.of(System.getProperty("java.io.tmpdir")),
                clock)),
        config.serving(),
        clock);
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
    ApiRequest request = request(event, context);
    ApiResponse response = router.handle(request);
    telemetry.record(request, response, System.nanoTime() - started);
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(response.headers())
        .withBody(response.body())
        .withIsBase64Encoded(false)
        .build();
  }

  private static ApiRequest request(APIGatewayV2HTTPEvent event, Context context) {
    var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
    String stage = event.getRequestContext() == null ? null : event.getRequestContext().getStage();
    String path =
        event.getRawPath() != null ? event.getRawPath() : http == null ? null : http.getPath();
    if (path != null
        && stage != null
        && !stage.equals("$default")
        && path.startsWith("/" + stage + "/")) {
      path = path.substring(stage.length() + 1);
    }
    // API Gateway's id is the one the caller sees (apigw-requestid); Lambda's own is in its REPORT
    // line.
    String requestId =
        event.getRequestContext() != null && event.getRequestContext().getRequestId() != null
            ? event.getRequestContext().getRequestId()
            : context != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
    return new ApiRequest(
        http == null ? null : http.getMethod(),
        path,
        event.getBody(),
        event.getIsBase64Encoded(),
        requestId);
  }
}
