package com.ltvforecast.training;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.model.EpochListener;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.observability.Metrics;
import com.ltvforecast.registry.DynamoModelRegistry;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.storage.S3ObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EventBridge schedule (run date = the event's {@code time}), a backfill
 * {@code {"as_of": "YYYY-MM-DD", "horizon_days": N}}, or a rollback {@code {"rollback_to": "<version>"}}
 * → {@link TrainingService}.
 */
public class TrainFunction implements RequestHandler<Map<String, Object>, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainFunction.class);

  private final TrainingService service;
  private final int defaultHorizonDays;
  private final Clock clock;
  private EpochListener progress = e -> LOG.atInfo().addKeyValue("member", e.member())
      .addKeyValue("epoch", e.epoch()).addKeyValue("train_loss", e.trainLoss())
      .addKeyValue("validation_loss", e.validationLoss()).log("epoch finished");

  public TrainFunction() {
    this(AppConfig.fromEnvironment());
  }

  private TrainFunction(AppConfig config) {
    this(new TrainingService(
            new CuratedReader(new S3ObjectStore(AwsClients.s3(), config.requireDataBucket())),
            new ModelArtifacts(new S3ObjectStore(AwsClients.s3(), config.requireDataBucket())),
            new DynamoModelRegistry(AwsClients.dynamoDb(), config.requireModelRegistryTable()),
            new EventBridgePromotionEvents(AwsClients.eventBridge(), config.training().eventBusName()),
            config.modelName(), config.training(), TrainingOptions.defaults(),
            Path.of(System.getProperty("java.io.tmpdir")), Clock.systemUTC())
            .withServingHorizonDays(config.horizonDays()),
        config.horizonDays(), Clock.systemUTC());
  }

  TrainFunction(TrainingService service, int defaultHorizonDays, Clock clock) {
    this.service = service;
    this.defaultHorizonDays = defaultHorizonDays;
    this.clock = clock;
  }

  /** Lets the local runner draw a progress bar over epochs. */
  public TrainFunction onEpoch(EpochListener listener) {
    this.progress = listener;
    return this;
  }

  /**
   * @throws InvalidRequestException (no stack trace) when a field is malformed or a rollback is refused:
   *     the invocation's error response is then one clear message, and nothing changed
   */
  @Override
  public Object handleRequest(Map<String, Object> event, Context context) {
    try {
      if (event != null && event.containsKey("rollback_to")) {
        Object target = event.get("rollback_to");
        TrainingService.RollbackReport rollback = service.rollback(target instanceof String text ? text
            : target == null ? null : "(a " + (target instanceof Map<?, ?> ? "JSON object" : target instanceof
                java.util.List<?> ? "JSON array" : "non-string value") + ")");
        LOG.atInfo().addKeyValue("previous_version", rollback.previousProduction())
            .addKeyValue("model_version", rollback.production()).log("production rolled back");
        return rollback;
      }
      return run(parse(event == null ? Map.of() : event));
    } catch (InvalidRequestException e) {
      LOG.atWarn().addKeyValue("error", e.getMessage()).log("request refused");
      throw e;
    }
  }

  /** The event's command, or an {@link InvalidRequestException} that names the malformed field. */
  private TrainCommand parse(Map<String, Object> event) {
    try {
      return command(event);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new InvalidRequestException(e instanceof java.time.DateTimeException
          ? "time must be an ISO-8601 date-time, got '" + event.get("time") + "'" : e.getMessage());
    }
  }

  /** Runs one training; also the local runner's entry point. */
  public TrainingReport train(Map<String, Object> event) {
    return run(command(event));
  }

  private TrainingReport run(TrainCommand command) {
    TrainingReport report = service.train(command, progress);
    LOG.atInfo().addKeyValue("model_version", report.modelVersion()).addKeyValue("promoted", report.promoted())
        .addKeyValue("reasons", report.reasons()).addKeyValue("seconds", report.seconds()).log("training finished");
    Metrics metrics = Metrics.forFunction("train").count("Promoted", report.promoted() ? 1 : 0)
        .seconds("Duration", report.seconds()).count("TrainCustomers", report.trainCustomers())
        .property("model_version", report.modelVersion());
    if (report.metrics().containsKey("model")) {
      metrics.none("ValidationSpendRmse", report.metrics().get("model").spendRmse())
          .none("ValidationChurnAuc", report.metrics().get("model").churnAuc());
    }
    metrics.flush();
    return report;
  }

  TrainCommand command(Map<String, Object> event) {
    int horizon = event.get("horizon_days") == null ? defaultHorizonDays : intValue(event.get("horizon_days"));
    if (event.get("as_of") != null) {
      return new TrainCommand(date(String.valueOf(event.get("as_of"))), horizon);
    }
    if (event.get("time") != null) {
      return new TrainCommand(OffsetDateTime.parse(String.valueOf(event.get("time")))
          .withOffsetSameInstant(ZoneOffset.UTC).toLocalDate(), horizon);
    }
    return new TrainCommand(LocalDate.now(clock), horizon);
  }

  private static LocalDate date(String text) {
    try {
      return LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("as_of must be a date YYYY-MM-DD, got '" + text + "'");
    }
  }

  private static int intValue(Object value) {
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(String.valueOf(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("horizon_days must be an integer, got " + value);
    }
  }
}
