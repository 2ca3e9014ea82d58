package com.ltvforecast.training;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.model.EpochListener;
import java.time.Clock;
import java.util.Map;

/**
 * The events of {@link TrainRequest} → {@link TrainingService}: a training run or a rollback.
 * Telemetry in {@link TrainTelemetry}.
 */
public class TrainFunction implements RequestHandler<Map<String, Object>, Object> {

  private final TrainingService service;
  private final int defaultHorizonDays;
  private final Clock clock;
  private final EpochListener progress;

  /** What Lambda calls: configured from the environment. */
  public TrainFunction() {
    this(AppConfig.fromEnvironment());
  }

  /** Configured explicitly: the local runner and the integration tests. */
  public TrainFunction(AppConfig config) {
    this(TrainingService.fromConfig(config), config.horizonDays(), Clock.systemUTC());
  }

  TrainFunction(TrainingService service, int defaultHorizonDays, Clock clock) {
    this(service, defaultHorizonDays, clock, TrainTelemetry.epochLog());
  }

  private TrainFunction(
      TrainingService service, int defaultHorizonDays, Clock clock, EpochListener progress) {
    this.service = service;
    this.defaultHorizonDays = defaultHorizonDays;
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * This handler with each epoch reported to {@code listener} (the local runner's progress bar).
   */
  public TrainFunction withEpochListener(EpochListener listener) {
    return new TrainFunction(service, defaultHorizonDays, clock, listener);
  }

  /**
   * @throws InvalidRequestException (no stack trace) when a field is malformed or a rollback is
   *     refused: the invocation's error response is then one clear message, and nothing changed
   */
  @Override
  public Object handleRequest(Map<String, Object> event, Context context) {
    try {
      TrainRequest request = TrainRequest.parse(event, defaultHorizonDays, clock);
      if (request instanceof TrainRequest.Rollback rollback) {
        TrainingService.RollbackReport report = service.rollback(rollback.requested());
        TrainTelemetry.rolledBack(report);
        return report;
      }
      return run(((TrainRequest.Run) request).command());
    } catch (InvalidRequestException e) {
      TrainTelemetry.refused(e);
      throw e;
    }
  }

  /** Runs one training, whatever else the event holds; the local runner's entry point. */
  public TrainingReport train(Map<String, Object> event) {
    return run(TrainRequest.command(event, defaultHorizonDays, clock));
  }

  private TrainingReport run(TrainCommand command) {
    TrainingReport report = service.train(command, progress);
    TrainTelemetry.trained(report);
    return report;
  }
}
